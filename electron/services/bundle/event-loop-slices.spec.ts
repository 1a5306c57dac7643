import { describe, expect, it } from 'vitest';
import { newId } from '../../../src/domain/ids';
import { encodeJsonl, encodeJsonlInSlices, incidentLineSchema } from './records';
import { EventLoopSlices } from './event-loop-slices';
import { BundleError } from './errors';

function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // Spinning on purpose: a slice of synchronous work.
  }
}

describe('EventLoopSlices', () => {
  it('lets queued callbacks run once the budget is spent, not before', async () => {
    const slices = new EventLoopSlices(undefined, 5);
    let ran = false;
    setImmediate(() => {
      ran = true;
    });
    await slices.pause();
    expect(ran).toBe(false);
    busyFor(8);
    await slices.pause();
    expect(ran).toBe(true);
  });

  it('stops with the AbortError at the first pause after an abort', async () => {
    const controller = new AbortController();
    const slices = new EventLoopSlices(controller.signal, 0);
    await slices.pause();
    controller.abort();
    await expect(slices.pause()).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('keeps the event loop answering while 2,000 records are encoded', async () => {
    const records = Array.from({ length: 2_000 }, (_, n) => ({
      id: newId(),
      rev: 1,
      updatedAt: '2026-11-29T10:00:00.000Z',
      updatedBy: 'device',
      changeSeq: n + 1,
      deleted: true,
    }));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    try {
      const slices = new EventLoopSlices(undefined, 1);
      const sliced = await encodeJsonlInSlices(
        records,
        incidentLineSchema,
        'i.jsonl',
        slices,
        () => undefined,
      );
      expect(sliced.bytes.equals(encodeJsonl(records, incidentLineSchema, 'i.jsonl').bytes)).toBe(
        true,
      );
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(0);
  });

  it('reports the line of a bad record in a sliced encoding as the plain one does', async () => {
    const good = {
      id: newId(),
      rev: 1,
      updatedAt: '2026-11-29T10:00:00.000Z',
      updatedBy: 'device',
      changeSeq: 1,
      deleted: true,
    };
    const records = [good, { ...good, id: newId() }, { ...good, rev: 0 }];
    const sliced = await encodeJsonlInSlices(
      records,
      incidentLineSchema,
      'i.jsonl',
      new EventLoopSlices(undefined, 0),
      () => undefined,
    ).catch((error: unknown) => error);
    expect(sliced).toBeInstanceOf(BundleError);
    expect((sliced as BundleError).code).toBe('INPUT_INVALID');
    expect((sliced as BundleError).message).toMatch(/^i\.jsonl line 3: rev/);
    expect(() => encodeJsonl(records, incidentLineSchema, 'i.jsonl')).toThrow(
      (sliced as BundleError).message,
    );
  });
});
