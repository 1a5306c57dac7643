import { describe, expect, it } from 'vitest';
import { CanonicalJsonError, canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    const value = { b: 1, a: { z: [3, { y: true, x: null }], c: 'text' } };
    expect(canonicalJson(value)).toBe('{"a":{"c":"text","z":[3,{"x":null,"y":true}]},"b":1}');
  });

  it('gives the same text whatever order keys were inserted in', () => {
    const first = { title: 'Марш', date: { start: '2017-03-18', precision: 'day' } };
    const second = { date: { precision: 'day', start: '2017-03-18' }, title: 'Марш' };
    expect(canonicalJson(first)).toBe(canonicalJson(second));
  });

  it('parses back to an equal value', () => {
    const value = {
      title: 'Бишкек: «марш» \n\t"quoted" \u2028',
      counts: [0, -1, 1.5, 1e21, 105],
      nested: { empty: {}, list: [] },
    };
    expect(JSON.parse(canonicalJson(value))).toEqual(value);
  });

  it('orders keys by UTF-16 code units, not by locale', () => {
    expect(canonicalJson({ я: 1, a: 2, Z: 3, é: 4 })).toBe('{"Z":3,"a":2,"é":4,"я":1}');
  });

  it('leaves out object properties that are undefined, as JSON does', () => {
    expect(canonicalJson({ a: undefined, b: 2 })).toBe('{"b":2}');
  });

  it.each([
    ['undefined in an array', [1, undefined], '$[1]'],
    ['NaN', { count: Number.NaN }, '$.count'],
    ['Infinity', { amount: Number.POSITIVE_INFINITY }, '$.amount'],
    ['-Infinity', [Number.NEGATIVE_INFINITY], '$[0]'],
    ['a function', { f: () => 1 }, '$.f'],
    ['a symbol', { s: Symbol('x') }, '$.s'],
    ['a bigint', { n: 1n }, '$.n'],
    ['a Date', { at: new Date(0) }, '$.at'],
    ['a Map', { m: new Map() }, '$.m'],
    ['undefined at the top', undefined, '$'],
  ])('rejects %s and names where it is', (_label, value, path) => {
    let caught: unknown;
    try {
      canonicalJson(value);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CanonicalJsonError);
    expect((caught as CanonicalJsonError).path).toBe(path);
  });

  it('rejects cycles but accepts the same object twice side by side', () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(CanonicalJsonError);
  });

  it('accepts objects without a prototype', () => {
    const bare = Object.create(null) as Record<string, unknown>;
    bare.b = 1;
    bare.a = 2;
    expect(canonicalJson(bare)).toBe('{"a":2,"b":1}');
  });
});
