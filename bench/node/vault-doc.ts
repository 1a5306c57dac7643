import type { BenchResults } from './results';
import {
  median,
  overhead,
  throughput,
  unlockTotals,
  type VaultBenchResults,
} from './vault-results';

/** Issue 3's targets: unlock to a usable list, and the cost of sealing on the register figures. */
export const UNLOCK_TARGET_MS = 3_000;
export const SEALED_OVERHEAD_TARGET = 1.5;

const ms = (value: number) =>
  value >= 1000 ? `${(value / 1000).toFixed(1)} s` : `${value.toFixed(value < 10 ? 2 : 1)} ms`;
const mib = (value: number | null | undefined) =>
  value == null ? 'n/a' : `${value.toFixed(0)} MiB`;
const count = (value: number) => value.toLocaleString('en-US');
const times = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : 'n/a');
const withinRatio = (value: number) =>
  value <= SEALED_OVERHEAD_TARGET ? `${times(value)} (within)` : `**${times(value)} (over)**`;
const withinUnlock = (value: number) =>
  value <= UNLOCK_TARGET_MS ? `**${ms(value)}** (met)` : `**${ms(value)} (missed)**`;

export function renderVaultSection(register: BenchResults, vault: VaultBenchResults): string {
  const { sizes, machine } = register;
  const { sealed, codec } = vault;
  const totals = unlockTotals(vault);
  const sealedFirstPageMs = sealed.unlock.openMs + sealed.unlock.listMs;
  const sealRate = throughput(codec.count, codec.plaintextBytes, codec.sealMs);
  const openRate = throughput(codec.count, codec.plaintextBytes, codec.openMs);
  const rateCell = (rate: typeof sealRate) =>
    `${rate.microsecondsPerRecord.toFixed(1)} µs/record, ${rate.megabytesPerSecond.toFixed(1)} MB/s`;
  const compare = (label: string, clearMs: number, sealedMs: number) =>
    `| ${label} | ${ms(clearMs)} | ${ms(sealedMs)} | ${withinRatio(overhead(sealedMs, clearMs))} |`;

  const lines = [
    '## Vault: records sealed at rest, unlock (issue 3)',
    '',
    `Same run as the register section above (${machine.date.slice(0, 16).replace('T', ' ')} UTC, same machine, load average ${machine.loadAverageAtStart.toFixed(1)} at the start and ${register.loadAverageAtEnd.toFixed(1)} at the end on ${machine.cpus} CPUs). The same ${count(sizes.incidents)} incidents and ${count(sizes.actors)} actors (same seed) were written a second time into a separate database through the repository opened with \`createSealedCodec(await importRecordsKey(recordsKey))\`, the records key coming from a real \`keys.age\` created and unlocked by \`VaultService\`.`,
    '',
    `### Unlock to a usable list (${count(sizes.incidents)} sealed incidents; target ≤ ${ms(UNLOCK_TARGET_MS)})`,
    '',
    '| Step | Time |',
    '| --- | --- |',
    `| Key derivation: \`VaultService.unlock\` on keys.age, scrypt 2^${vault.keyDerivation.logN}, Node (main), median of ${vault.keyDerivation.runsMs.length} | ${ms(totals.keyDerivationMs)} (runs: ${vault.keyDerivation.runsMs.map(ms).join(', ')}; Node's \`scrypt\` alone with the same parameters: median ${ms(median(vault.keyDerivation.scryptAloneMs))}) |`,
    `| Renderer, freshly loaded page (the median of 5 loads, by open + list): \`importRecordsKey\` | ${ms(sealed.unlock.importKeyMs)} |`,
    `| \`openRepository\` with the sealed codec (key check) | ${ms(sealed.unlock.openMs)} |`,
    `| \`listRecentIncidents(${sizes.firstPage})\` | ${ms(sealed.unlock.listMs)} |`,
    `| **First page visible** (sum of the above) | ${withinUnlock(totals.firstPageMs)} |`,
    `| \`listIncidents\` (open and validate every body) | ${ms(sealed.index.listIncidentsMs)} |`,
    `| \`listActors\` | ${ms(sealed.index.listActorsMs)} |`,
    `| \`IncidentIndex.build\` | ${ms(sealed.index.buildMs)} |`,
    `| **Search ready** (first page + the three above) | ${withinUnlock(totals.searchReadyMs)} |`,
    ...snapshotUnlockRows(vault, totals.searchReadyViaSnapshotMs),
    '',
    'The IPC round trip of `unlockVault` is not included (the bench calls the service directly); it carries a few hundred bytes.',
    '',
    `### Sealed vs clear (target ≤ ${SEALED_OVERHEAD_TARGET}×)`,
    '',
    '| Measure | Clear | Sealed | Sealed / clear |',
    '| --- | --- | --- | --- |',
    compare(
      `Bulk insert, \`createIncidents\`, ${count(sizes.incidents)} in batches of ${count(sizes.batchSize)}`,
      register.insert.incidentsMs,
      sealed.insert.incidentsMs,
    ),
    compare(`Insert batch p50`, register.insert.batch.p50, sealed.insert.batch.p50),
    compare(
      `Actors, one \`createActor\` each (${count(sizes.actors)})`,
      register.insert.actorsMs,
      sealed.insert.actorsMs,
    ),
    compare(
      `First page: open repository + \`listRecentIncidents(${sizes.firstPage})\`, fresh page, median of 5 loads`,
      register.firstPage.totalMs,
      sealedFirstPageMs,
    ),
    compare(
      '`listIncidents()` (all incidents)',
      register.index.listIncidentsMs,
      sealed.index.listIncidentsMs,
    ),
    compare(
      'Full index: `listIncidents` + `listActors` + `IncidentIndex.build`',
      register.index.totalMs,
      sealed.index.totalMs,
    ),
    compare(
      `Search p50 (${register.search.latency.count} queries)`,
      register.search.latency.p50,
      sealed.search.latency.p50,
    ),
    compare('Search p95', register.search.latency.p95, sealed.search.latency.p95),
    compare(
      'Search p95, fastest of three',
      register.search.bestOfThree.p95,
      sealed.search.bestOfThree.p95,
    ),
    compare(
      'Raw IndexedDB `getAll()` of the incidents store, no repository (after one untimed read)',
      vault.rawRead.clearMs,
      vault.rawRead.sealedMs,
    ),
    '',
    `Load average (1 min): ${machine.loadAverageAtStart.toFixed(1)} when the clear steps started, ${vault.loadAverage.sealedStart.toFixed(1)} when the sealed ones started, ${vault.loadAverage.sealedEnd.toFixed(1)} when they ended; the two halves did not run under the same competing load. Reading sealed rows can be cheaper than reading clear ones: a sealed row is a small envelope with two byte arrays, which IndexedDB's structured clone restores as raw bytes, and \`JSON.parse\` of the opened text rebuilds the body faster than structured clone rebuilds the same nested object graph; the raw \`getAll()\` row above isolates that part.`,
    '',
    'The search runs on the same in-memory index in both cases (nothing searchable is stored), so its ratio shows only the noise of the machine; sealing costs at write time and when bodies are read.',
    '',
    `### Codec throughput (Chromium WebCrypto, ${count(codec.count)} generated incident bodies, ${count(Math.round(codec.plaintextBytes / codec.count))} bytes of JSON on average)`,
    '',
    '| Operation | Time | Per record, throughput (of the JSON plaintext) |',
    '| --- | --- | --- |',
    `| Seal (\`JSON.stringify\`, UTF-8, AES-256-GCM with a fresh IV) | ${ms(codec.sealMs)} | ${rateCell(sealRate)} |`,
    `| Open (AES-256-GCM, UTF-8, \`JSON.parse\`) | ${ms(codec.openMs)} | ${rateCell(openRate)} |`,
    '',
    'Concurrent calls in chunks of 2,048, as the repository opens them; nothing stored, so this is the codec alone.',
    '',
    ...snapshotSection(vault),
    '### Memory',
    '',
    '| Measure | Clear | Sealed |',
    '| --- | --- | --- |',
    `| JS heap after the first page (CDP \`JSHeapUsedSize\`, after GC) | ${mib(register.memory.heapAfterFirstPageMiB)} | ${mib(sealed.memory.heapAfterFirstPageMiB)} |`,
    `| JS heap with all incidents loaded and indexed | ${mib(register.memory.heapWithIndexMiB)} | ${mib(sealed.memory.heapWithIndexMiB)} |`,
    `| Chromium, all processes, at that point | ${treeMemory(register.memory.chromium)} | ${treeMemory(sealed.memory.chromium)} |`,
    '',
    'How it is measured: as the register section; the sealed steps run after the clear ones in the same Chromium profile, each after a page reload. Key derivation runs in Node before Chromium starts, each time with a new `VaultService` on the same data folder, as at an app start. The unlock totals add step times measured in the page; the heap measurement between the first page and the index is not counted.',
  ];
  return lines.join('\n');
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** Rows of the unlock table for the path through the stored snapshot, when it was measured. */
function snapshotUnlockRows(vault: VaultBenchResults, readyMs: number | null): string[] {
  const snapshot = vault.snapshot;
  if (!snapshot || readyMs === null) return [];
  const { unlock } = snapshot;
  return [
    `| *Through the stored search index snapshot (the app's path), freshly loaded page:* sealed snapshot rows read straight from IndexedDB (\`prefetchSnapshotRows\`; the app does this on the unlock screen while main derives the key, so it overlaps key derivation) | ${ms(unlock.prefetchMs)} |`,
    `| Once the key is there: \`importRecordsKey\` + \`openRepository\` | ${ms(unlock.importKeyMs + unlock.openMs)} |`,
    `| First page (\`listRecentIncidents\` and its small index, one macrotask) | ${ms(unlock.firstPageMs)} |`,
    `| Snapshot opened: \`readSearchSnapshot\` on the prefetched rows (${count(snapshot.write.chunks)} chunks of bytes decrypted concurrently and inflated as they open) | ${ms(unlock.snapshotReadMs)} |`,
    `| Snapshot decoded: \`IncidentIndex.fromSnapshot\` (UTF-8 sections to text, entries, stored filter columns and word postings) | ${ms(unlock.snapshotDecodeMs)} |`,
    `| Catch-up: \`listChangesSince\` + applying ${count(unlock.caughtUp)} incidents edited after the snapshot | ${ms(unlock.catchUpMs)} |`,
    `| **Search ready through the snapshot** (the longer of key derivation and the prefetch, then the rows after it) | ${withinUnlock(readyMs)} |`,
  ];
}

function snapshotSection(vault: VaultBenchResults): string[] {
  const snapshot = vault.snapshot;
  if (!snapshot) return [];
  const { write } = snapshot;
  return [
    '### Search index snapshot',
    '',
    '| Measure | Figure |',
    '| --- | --- |',
    `| Encode the built index (\`toSnapshot\`, in slices) | ${ms(write.encodeMs)} |`,
    `| Seal ${count(write.chunks)} chunks and replace the stored snapshot in one transaction | ${ms(write.storeMs)} |`,
    `| Longest the main thread was busy meanwhile (largest gap of a \`setTimeout(0)\` heartbeat; what typing could feel) | ${ms(write.longestStretchMs)} |`,
    `| Size: the index's sections (UTF-8 text and little-endian int32 columns) | ${mb(write.payloadBytes)} |`,
    `| Stored in ${count(write.chunks)} sealed chunks of bytes | ${mb(write.storedBytes)} |`,
    '',
    `The snapshot is stored in the background after a full build and after every 500 applied changes; the unlock above caught up ${count(snapshot.edits)} incidents edited after it was stored.`,
    '',
  ];
}

function treeMemory(memory: BenchResults['memory']['chromium']): string {
  return memory ? `RSS ${mib(memory.rssMiB)}, PSS ${mib(memory.pssMiB)}` : 'n/a';
}
