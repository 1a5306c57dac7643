import { describe, expect, it } from 'vitest';
import { importRecordsKey } from '../vault/records-cipher';
import { createSealedCodec } from '../vault/sealed-codec';
import type { RecordCodec } from './record-codec';
import { freshTestDatabase, openTestRepository, sampleIncidentBody } from './test-repository';

const COUNT = 5_000;

async function timeRegister(codec: RecordCodec | undefined) {
  const repository = await openTestRepository(freshTestDatabase(), codec ? { codec } : {});
  try {
    const bodies = Array.from({ length: COUNT }, (_, index) =>
      sampleIncidentBody({ title: `Задержание №${index}`, notes: 'Примечание '.repeat(20) }),
    );
    let start = performance.now();
    await repository.createIncidents(bodies);
    const createMs = performance.now() - start;
    start = performance.now();
    const listed = await repository.listIncidents();
    const listMs = performance.now() - start;
    expect(listed.filter((loaded) => loaded.ok)).toHaveLength(COUNT);
    return { createMs, listMs };
  } finally {
    repository.close();
  }
}

// A measurement for the report, not an assertion: fake-indexeddb in Node is
// not Chromium's IndexedDB, and timings depend on the machine.
describe('the cost of sealing in the repository', () => {
  it(`creates and lists ${COUNT} incidents in clear and sealed (logged)`, async () => {
    const raw = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64');
    const codec = createSealedCodec(await importRecordsKey(raw));
    const plain = await timeRegister(undefined);
    const sealed = await timeRegister(codec);
    const perRecord = (ms: number) => `${((ms * 1000) / COUNT).toFixed(0)} µs/record`;
    console.log(
      `repository, ${COUNT} incidents, Node ${process.version} + fake-indexeddb: ` +
        `create ${perRecord(plain.createMs)} clear vs ${perRecord(sealed.createMs)} sealed ` +
        `(×${(sealed.createMs / plain.createMs).toFixed(2)}); ` +
        `list ${perRecord(plain.listMs)} clear vs ${perRecord(sealed.listMs)} sealed ` +
        `(×${(sealed.listMs / plain.listMs).toFixed(2)})`,
    );
  });
});
