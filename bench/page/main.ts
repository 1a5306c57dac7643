import type { Actor } from '../../src/domain/actor';
import { createDatabase } from '../../src/db/database';
import type { RecordCodec } from '../../src/db/record-codec';
import { openRepository } from '../../src/db/repository';
import type { Loaded, Repository } from '../../src/db/repository-types';
import { LiveIncidentIndex, type IndexSnapshots } from '../../src/app/live-incident-index';
import { incidentBodySchema } from '../../src/domain/incident';
import { nextMacrotask } from '../../src/domain/next-macrotask';
import { IncidentIndex } from '../../src/incidents/search/search-index';
import { prefetchSnapshotRows } from '../../src/db/snapshot-prefetch';
import { storedIndexSnapshots } from '../../src/incidents/search/stored-snapshots';
import { importRecordsKey } from '../../src/vault/records-cipher';
import { createSealedCodec } from '../../src/vault/sealed-codec';
import type { BenchApi } from './bench-api';
import { generateActors, generateIncident, type ActorRef } from './generate';
import { generateQueries } from './queries';
import { Random } from './random';
import { createRecordDatabase, deleteDatabase, openExisting, readAll, writeBatch } from './raw-idb';
import { summarise } from './stats';

const DB_NAME = 'depter-bench';
/** The same data sealed at rest, in its own database so both can be compared in one run. */
const SEALED_DB_NAME = 'depter-bench-sealed';
const RAW_DB_NAME = 'depter-bench-raw';
const STORE = 'incidents';
/** A fixed key for the codec throughput step only (which stores nothing). */
const THROUGHPUT_KEY = btoa(String.fromCharCode(...Array.from({ length: 32 }, (_, n) => n)));
const CODEC_CHUNK = 2048;

let repository: Repository | undefined;
let index: IncidentIndex | undefined;
let actorNames: string[] = [];
let rawRows: unknown[] = [];
/** Set by useSealedStore / unlockFirstPage: later steps then work on the sealed database. */
let sealed: { codec: RecordCodec; deviceId: string } | undefined;

async function repo(): Promise<Repository> {
  repository ??= sealed
    ? await openRepository({ name: SEALED_DB_NAME, ...sealed })
    : await openRepository({ name: DB_NAME });
  return repository;
}

function valid<T>(loaded: Loaded<T>[]): T[] {
  const records: T[] = [];
  for (const item of loaded) if (item.ok) records.push(item.record);
  return records;
}

const api: BenchApi = {
  async reset() {
    repository?.close();
    repository = undefined;
    await deleteDatabase(DB_NAME);
    await deleteDatabase(SEALED_DB_NAME);
    await deleteDatabase(RAW_DB_NAME);
  },

  async useSealedStore(recordsKey, deviceId) {
    repository?.close();
    repository = undefined;
    index = undefined;
    sealed = { codec: createSealedCodec(await importRecordsKey(recordsKey)), deviceId };
  },

  async unlockFirstPage(recordsKey, deviceId, limit) {
    repository?.close();
    repository = undefined;
    // As the app's start flow does after unlockVault: import the key, open
    // the repository (which checks the key against meta.keyCheck), show page one.
    const t0 = performance.now();
    const codec = createSealedCodec(await importRecordsKey(recordsKey));
    const t1 = performance.now();
    sealed = { codec, deviceId };
    const r = await repo();
    const t2 = performance.now();
    const page = await r.listRecentIncidents(limit);
    const t3 = performance.now();
    return { importKeyMs: t1 - t0, openMs: t2 - t1, listMs: t3 - t2, count: page.length };
  },

  async codecThroughput(count, seed) {
    const codec = createSealedCodec(await importRecordsKey(THROUGHPUT_KEY));
    const random = new Random(seed);
    const actors = generateActors(random, 500).map((body, n) => ({
      id: `actor-${n}`,
      name: body.name,
      kind: body.kind,
    }));
    const bodies = Array.from({ length: count }, () => generateIncident(random, actors));
    const aads = bodies.map((_, n) => `incidents:bench-${n}`);
    const encoder = new TextEncoder();
    const plaintextBytes = bodies.reduce(
      (sum, body) => sum + encoder.encode(JSON.stringify(body)).length,
      0,
    );
    // Chunks of concurrent calls, as the repository does for a batch and on read.
    const boxes: unknown[] = [];
    const sealStart = performance.now();
    for (let start = 0; start < count; start += CODEC_CHUNK) {
      const chunk = bodies.slice(start, start + CODEC_CHUNK);
      boxes.push(
        ...(await Promise.all(chunk.map((body, n) => codec.seal(body, aads[start + n] as string)))),
      );
    }
    const sealMs = performance.now() - sealStart;
    const openStart = performance.now();
    let opened = 0;
    for (let start = 0; start < count; start += CODEC_CHUNK) {
      const chunk = boxes.slice(start, start + CODEC_CHUNK);
      const values = await Promise.all(
        chunk.map((box, n) => codec.open(box, aads[start + n] as string)),
      );
      opened += values.length;
    }
    const openMs = performance.now() - openStart;
    if (opened !== count) throw new Error(`opened ${opened} of ${count} sealed bodies`);
    return { count, plaintextBytes, sealMs, openMs };
  },

  async insertActors(count, seed) {
    const r = await repo();
    const bodies = generateActors(new Random(seed), count);
    const start = performance.now();
    for (const body of bodies) await r.createActor(body);
    return { ms: performance.now() - start, count };
  },

  async insertIncidents(count, batchSize, seed) {
    const r = await repo();
    const random = new Random(seed);
    const actors: ActorRef[] = valid(await r.listActors()).map((a: Actor) => ({
      id: a.id,
      name: a.name,
      kind: a.kind,
    }));
    const batchTimes: number[] = [];
    for (let done = 0; done < count; done += batchSize) {
      const size = Math.min(batchSize, count - done);
      const bodies = Array.from({ length: size }, () => generateIncident(random, actors));
      const start = performance.now();
      await r.createIncidents(bodies);
      batchTimes.push(performance.now() - start);
    }
    return {
      ms: batchTimes.reduce((sum, ms) => sum + ms, 0),
      count,
      batch: summarise(batchTimes),
    };
  },

  async firstPage(limit) {
    const start = performance.now();
    const r = await repo();
    const opened = performance.now();
    const page = await r.listRecentIncidents(limit);
    const end = performance.now();
    return {
      openMs: opened - start,
      listMs: end - opened,
      totalMs: end - start,
      count: page.length,
    };
  },

  async buildIndex() {
    const r = await repo();
    const t0 = performance.now();
    const incidents = await r.listIncidents();
    const t1 = performance.now();
    const actors = await r.listActors();
    const t2 = performance.now();
    index = IncidentIndex.build(incidents, actors);
    const t3 = performance.now();
    actorNames = valid(actors).flatMap((a) => [a.name, ...a.nameVariants]);
    return {
      listIncidentsMs: t1 - t0,
      listActorsMs: t2 - t1,
      buildMs: t3 - t2,
      totalMs: t3 - t0,
      incidents: incidents.length,
      actors: actors.length,
    };
  },

  async search(count, seed) {
    if (!index) throw new Error('buildIndex() first');
    const search = index.search.bind(index);
    const queries = generateQueries(new Random(seed), count, actorNames);
    const timed = (filters: (typeof queries)[number]['filters']) => {
      const start = performance.now();
      const hits = search(filters).length;
      return { ms: performance.now() - start, hits };
    };
    const timings: { label: string; ms: number; hits: number; bestMs: number }[] = [];
    for (const query of queries) {
      const first = timed(query.filters);
      // Two repeats: the fastest of the three is the query's own cost, with
      // less of whatever else the machine was doing at that moment.
      const bestMs = Math.min(first.ms, timed(query.filters).ms, timed(query.filters).ms);
      timings.push({ label: query.label, ms: first.ms, hits: first.hits, bestMs });
      // Let the event loop turn between queries, as between keystrokes in the UI.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    const hitCounts = timings.map((t) => t.hits).sort((a, b) => a - b);
    return {
      latency: summarise(timings.map((t) => t.ms)),
      bestOfThree: summarise(timings.map((t) => t.bestMs)),
      medianHits: hitCounts[Math.floor(hitCounts.length / 2)] ?? 0,
      emptyResults: hitCounts.filter((h) => h === 0).length,
      slowest: [...timings]
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 5)
        .map(({ label, ms, hits }) => ({ label, ms, hits })),
    };
  },

  async writeSnapshot() {
    if (!index) throw new Error('buildIndex() first');
    const r = await repo();
    // Nothing was written since buildIndex read the records.
    const { changeSeq } = await r.listChangesSince(Number.MAX_SAFE_INTEGER);
    // A heartbeat task measures how long the main thread was unavailable (what
    // a keystroke would wait); time spent awaiting WebCrypto or IndexedDB does not count.
    let longestStretchMs = 0;
    let beating = true;
    let lastBeat = performance.now();
    const beat = () => {
      const now = performance.now();
      longestStretchMs = Math.max(longestStretchMs, now - lastBeat);
      lastBeat = now;
      if (beating) setTimeout(beat, 0);
    };
    setTimeout(beat, 0);
    const t0 = performance.now();
    const encoded = await index.toSnapshot({ yieldToUi: nextMacrotask });
    const t1 = performance.now();
    const report = await r.writeSearchSnapshot(
      { ...encoded, changeSeq },
      { yieldToUi: nextMacrotask },
    );
    const t2 = performance.now();
    beating = false;
    return {
      encodeMs: t1 - t0,
      storeMs: t2 - t1,
      longestStretchMs,
      chunks: report.chunks,
      payloadBytes: report.payloadBytes,
      storedBytes: report.storedBytes,
    };
  },

  async editIncidents(count) {
    const r = await repo();
    const records = valid(await r.listRecentIncidents(count));
    const start = performance.now();
    for (const record of records) {
      const body = incidentBodySchema.parse(record);
      await r.updateIncident(record.id, { ...body, notes: `${body.notes} (edited)` }, record.rev);
    }
    return { ms: performance.now() - start, count: records.length };
  },

  async unlockFromSnapshot(recordsKey, deviceId, limit) {
    repository?.close();
    repository = undefined;
    index = undefined;
    // As src/main.tsx does while main derives the key: the sealed rows need none.
    const p0 = performance.now();
    const prefetched = await prefetchSnapshotRows({ indexedDB, name: SEALED_DB_NAME });
    const prefetchMs = performance.now() - p0;
    const t0 = performance.now();
    const codec = createSealedCodec(await importRecordsKey(recordsKey));
    const t1 = performance.now();
    sealed = { codec, deviceId };
    const r = await repo();
    const t2 = performance.now();
    let snapshotReadMs = 0;
    let loadStart = 0;
    let loadEnd = 0;
    let snapshotChangeSeq = -1;
    let recentAt = 0;
    const timedReads: Repository = {
      ...r,
      async readSearchSnapshot() {
        const start = performance.now();
        const read = await r.readSearchSnapshot(prefetched);
        snapshotReadMs = performance.now() - start;
        return read;
      },
    };
    const stored = storedIndexSnapshots(timedReads, {}, Promise.resolve(prefetched));
    const timedSnapshots: IndexSnapshots<IncidentIndex> = {
      async load(signal) {
        loadStart = performance.now();
        const restored = await stored.load(signal);
        loadEnd = performance.now();
        snapshotChangeSeq = restored?.changeSeq ?? -1;
        return restored;
      },
      capture: (captured, changeSeq, signal) => stored.capture(captured, changeSeq, signal),
    };
    // As src/main.tsx makes it.
    const live = new LiveIncidentIndex(
      r,
      (incidents, actors, signal) => IncidentIndex.buildInSlices(incidents, actors, { signal }),
      { recentLimit: limit },
      timedSnapshots,
    );
    live.subscribe(() => {
      if (recentAt === 0 && live.getSnapshot().phase === 'recent') recentAt = performance.now();
    });
    await live.start();
    const t3 = performance.now();
    const ready = live.getSnapshot();
    live.stop();
    if (ready.phase !== 'ready') throw new Error(`live index ended in phase ${ready.phase}`);
    index = ready.index;
    const caughtUp =
      snapshotChangeSeq < 0 ? 0 : (await r.listChangesSince(snapshotChangeSeq)).incidents.length;
    return {
      prefetchMs,
      prefetchedRows: prefetched?.length ?? 0,
      importKeyMs: t1 - t0,
      openMs: t2 - t1,
      firstPageMs: recentAt - t2,
      snapshotReadMs,
      snapshotDecodeMs: loadEnd - loadStart - snapshotReadMs,
      catchUpMs: t3 - loadEnd,
      readyMs: t3 - t2,
      fromSnapshot: snapshotChangeSeq >= 0,
      caughtUp,
      incidents: ready.index.size,
    };
  },

  async verifyAudit() {
    const r = await repo();
    const start = performance.now();
    const verdict = await r.verifyAudit();
    return { ms: performance.now() - start, entries: verdict.entries, ok: verdict.ok };
  },

  usedJsHeap() {
    // performance.memory is Chromium-only and not in lib.dom.
    const memory = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
    return memory ? memory.usedJSHeapSize : null;
  },

  async rawRead(store = 'clear') {
    const db = await openExisting(store === 'sealed' ? SEALED_DB_NAME : DB_NAME);
    const start = performance.now();
    rawRows = await readAll(db, STORE);
    const ms = performance.now() - start;
    db.close();
    return { ms, count: rawRows.length };
  },

  async dexieRead() {
    const db = createDatabase({ name: DB_NAME });
    await db.open();
    const start = performance.now();
    const rows = await db.incidents.toArray();
    const ms = performance.now() - start;
    db.close();
    return { ms, count: rows.length };
  },

  async repositoryRead() {
    const r = await repo();
    const start = performance.now();
    const loaded = await r.listIncidents();
    return { ms: performance.now() - start, count: loaded.length };
  },

  async rawInsert(batchSize) {
    await deleteDatabase(RAW_DB_NAME);
    const db = await createRecordDatabase(RAW_DB_NAME, STORE);
    const start = performance.now();
    for (let done = 0; done < rawRows.length; done += batchSize) {
      await writeBatch(db, STORE, rawRows.slice(done, done + batchSize));
    }
    const ms = performance.now() - start;
    db.close();
    return { ms, count: rawRows.length };
  },

  release() {
    index = undefined;
    rawRows = [];
  },
};

window.depterBench = api;
const status = document.getElementById('status');
if (status) status.textContent = 'loaded';
