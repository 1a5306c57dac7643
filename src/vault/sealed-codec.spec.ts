import { describe, expect, it } from 'vitest';
import { incidentBodySchema, type IncidentBody } from '../domain/incident';
import { mapInChunks } from '../db/record-store';
import { newTestCodec, sampleIncidentBody } from '../db/test-repository';

describe('the sealed codec', () => {
  it('round-trips a body and binds it to where it is stored', async () => {
    const codec = await newTestCodec();
    const body = incidentBodySchema.parse(sampleIncidentBody());
    const stored = await codec.seal(body, 'incidents:one');
    expect(codec.isSealed?.(stored)).toBe(true);
    expect(codec.isSealed?.(body)).toBe(false);
    expect(JSON.stringify(stored)).not.toContain('Бишкек');
    expect(await codec.open(stored, 'incidents:one')).toEqual(body);
    await expect(codec.open(stored, 'incidents:two')).rejects.toThrow('authentication failed');
    await expect(codec.open(stored, 'actors:one')).rejects.toThrow('authentication failed');
  });

  it('does not open what another key sealed', async () => {
    const stored = await (await newTestCodec()).seal({ a: 1 }, 'x');
    await expect((await newTestCodec()).open(stored, 'x')).rejects.toThrow('authentication failed');
  });

  // A measurement for docs/BENCHMARKS.md, not an assertion: timings depend on the machine.
  it('seals and opens 20,000 incident bodies (throughput logged)', async () => {
    const codec = await newTestCodec();
    const count = 20_000;
    const bodies: IncidentBody[] = Array.from({ length: count }, (_, index) =>
      incidentBodySchema.parse(
        sampleIncidentBody({ title: `Задержания №${index}`, notes: 'Примечание '.repeat(20) }),
      ),
    );
    const sealStart = performance.now();
    const sealed = await mapInChunks(bodies, 2048, (body) =>
      codec.seal(body, `incidents:${body.title}`),
    );
    const sealMs = performance.now() - sealStart;
    const openStart = performance.now();
    const located = sealed.map((stored, index) => ({
      stored,
      aad: `incidents:${bodies[index]?.title ?? ''}`,
    }));
    const opened = await mapInChunks(located, 2048, ({ stored, aad }) => codec.open(stored, aad));
    const openMs = performance.now() - openStart;
    expect(opened).toHaveLength(count);
    expect(opened[count - 1]).toEqual(bodies[count - 1]);
    const bytes = JSON.stringify(bodies[0]).length;
    console.log(
      `sealed codec, Node ${process.version}, ${count} bodies of ~${bytes} bytes: ` +
        `seal ${((sealMs * 1000) / count).toFixed(1)} µs/record, ` +
        `open ${((openMs * 1000) / count).toFixed(1)} µs/record`,
    );
  });
});
