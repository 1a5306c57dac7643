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

  it('reads each line as the decoded text of the whole file would have it', async () => {
    const texts = [
      'Марш за свободу слова в Бишкеке: задержания',
      'Кыргызстан — Ош, 2010-жыл',
      'emoji 🧾 and a quote " and a backslash \\',
      '',
    ];
    const bytes = Buffer.from(
      texts.map((text, n) => `${JSON.stringify({ id: text, n })}\n`).join(''),
    );
    const parsed = await parseJsonlInSlices(bytes, schema, 'x.jsonl', new EventLoopSlices());
    expect(parsed.map((record) => record.id)).toEqual(texts);
    expect(parseJsonl(bytes, schema, 'x.jsonl')).toEqual(parsed);
  });

  it('refuses a file that is not UTF-8 anywhere before reading any line', async () => {
    const notUtf8 = [
      [0xed, 0xa0, 0x80], // a UTF-16 surrogate written as UTF-8
      [0xc0, 0x80], // an overlong NUL
      [0xf4, 0x90, 0x80, 0x80], // beyond U+10FFFF
      [0xe2, 0x82], // a sequence cut by the line's end
    ];
    for (const sequence of notUtf8) {
      // The first line is not even JSON: the whole file is refused as UTF-8 first.
      const bytes = Buffer.concat([
        Buffer.from('{not json\n{"id":"a","n":1}\n{"id":"'),
        Buffer.from(sequence),
        Buffer.from('","n":2}\n'),
      ]);
      expect((await codeAndMessage(bytes))[0]).toBe('INVALID_UTF8');
      expect(syncCodeAndMessage(bytes)[0]).toBe('INVALID_UTF8');
    }
  });

  it('keeps a byte order mark in the first line, which then is not JSON', async () => {
    const bytes = Buffer.from('\ufeff{"id":"a","n":1}\n');
    const [code, message] = await codeAndMessage(bytes);
    expect(code).toBe('INVALID_JSON');
    expect(message).toContain('line 1');
  });

  it('counts empty lines as lines', async () => {
    const bytes = Buffer.from('{"id":"a","n":1}\n\n{"id":"b","n":2}\n');
    const [code, message] = await codeAndMessage(bytes);
    expect(code).toBe('INVALID_JSON');
    expect(message).toContain('line 2');
    expect((await codeAndMessage(Buffer.from('\n')))[1]).toContain('line 1');
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
