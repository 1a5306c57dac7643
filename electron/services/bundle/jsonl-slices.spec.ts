import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BundleError } from './errors';
import { EventLoopSlices } from './event-loop-slices';
import { parseJsonl, parseJsonlInSlices } from './records';

const schema = z.object({ id: z.string(), n: z.number() }).strict();
const valid = Buffer.from(
  Array.from({ length: 500 }, (_, n) => `${JSON.stringify({ id: `r${n}`, n })}\n`).join(''),
);

async function codeAndMessage(bytes: Buffer): Promise<[string, string]> {
  try {
    await parseJsonlInSlices(bytes, schema, 'x.jsonl', new EventLoopSlices(undefined, 0));
  } catch (error) {
    if (error instanceof BundleError) return [error.code, error.message];
    throw error;
  }
  throw new Error('expected a BundleError');
}

function syncCodeAndMessage(bytes: Buffer): [string, string] {
  try {
    parseJsonl(bytes, schema, 'x.jsonl');
  } catch (error) {
    if (error instanceof BundleError) return [error.code, error.message];
    throw error;
  }
  throw new Error('expected a BundleError');
}

describe('parseJsonlInSlices', () => {
  it('parses exactly what parseJsonl parses', async () => {
    const sliced = await parseJsonlInSlices(valid, schema, 'x.jsonl', new EventLoopSlices());
    expect(sliced).toEqual(parseJsonl(valid, schema, 'x.jsonl'));
    expect(sliced).toHaveLength(500);
    expect(
      await parseJsonlInSlices(Buffer.alloc(0), schema, 'x.jsonl', new EventLoopSlices()),
    ).toEqual([]);
  });

  it('refuses bad input with the same code and line as parseJsonl', async () => {
    const lines = valid.toString('utf8').split('\n');
    const bad = [
      Buffer.from(`${lines.slice(0, 300).join('\n')}\n{not json\n`),
      Buffer.from(`${lines.slice(0, 41).join('\n')}\n{"id":"x","n":"1"}\n`),
      Buffer.from(`${lines.slice(0, 2).join('\n')}\n{"id":"x","n":1,"extra":true}\n`),
      Buffer.from('{"id":"x","n":1}'),
      Buffer.from([0x7b, 0xff, 0x7d, 0x0a]),
    ];
    const expected = [
      'INVALID_JSON',
      'RECORD_INVALID',
      'RECORD_INVALID',
      'INVALID_JSON',
      'INVALID_UTF8',
    ];
    for (const [index, bytes] of bad.entries()) {
      const result = await codeAndMessage(bytes);
      expect(result[0]).toBe(expected[index]);
      expect(result).toEqual(syncCodeAndMessage(bytes));
    }
    expect((await codeAndMessage(bad[0]!))[1]).toContain('line 301');
    expect((await codeAndMessage(bad[1]!))[1]).toContain('line 42');
  });

  it('lets the event loop run between slices', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    try {
      await parseJsonlInSlices(valid, schema, 'x.jsonl', new EventLoopSlices(undefined, 0));
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(0);
  });

  it('stops with the AbortError when cancelled part-way', async () => {
    const controller = new AbortController();
    setImmediate(() => controller.abort());
    await expect(
      parseJsonlInSlices(valid, schema, 'x.jsonl', new EventLoopSlices(controller.signal, 0)),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });
});
