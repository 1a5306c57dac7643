import Dexie from 'dexie';
import type { OpenedBundle } from '../../../src/domain/api';
import { openRepository } from '../../../src/db/repository';
import { importRecordsKey } from '../../../src/vault/records-cipher';
import { createSealedCodec } from '../../../src/vault/sealed-codec';
import { commitOpenedBundle } from '../commit-records';

/** What one merge into Chromium's IndexedDB took, as the import panel runs it. */
export interface ChromiumMergeRun {
  mergeMs: number;
  /** The longest the page's main thread went without running a 0 ms timer. */
  longestStallMs: number;
  incidents: number;
  commitPath: string;
}

export interface MergePageApi {
  /** Loads the opened bundle the Node side wrote beside the page (untimed). */
  load(): Promise<number>;
  /** Merges it into a new, empty sealed database of its own, then deletes that database. */
  run(recordsKeyBase64: string, deviceId: string, runIndex: number): Promise<ChromiumMergeRun>;
}

let opened: OpenedBundle | undefined;

const api: MergePageApi = {
  async load() {
    const response = await fetch('./opened.json');
    if (!response.ok) throw new Error(`opened.json: HTTP ${response.status}`);
    opened = (await response.json()) as OpenedBundle;
    return opened.records.incidents.length;
  },

  async run(recordsKeyBase64, deviceId, runIndex) {
    if (!opened) throw new Error('load() first');
    const name = `depter-bench-merge-${runIndex}`;
    await Dexie.delete(name);
    const repository = await openRepository({
      name,
      deviceId,
      codec: createSealedCodec(await importRecordsKey(recordsKeyBase64)),
    });
    let longestStallMs = 0;
    let lastBeat = performance.now();
    let beating = true;
    const beat = (): void => {
      const now = performance.now();
      longestStallMs = Math.max(longestStallMs, now - lastBeat);
      lastBeat = now;
      if (beating) setTimeout(beat, 0);
    };
    beat();
    const started = performance.now();
    const commit = await commitOpenedBundle(repository, opened);
    const mergeMs = performance.now() - started;
    beating = false;
    repository.close();
    await Dexie.delete(name);
    return {
      mergeMs,
      longestStallMs,
      incidents: opened.records.incidents.length,
      commitPath: commit.path,
    };
  },
};

(window as unknown as { depterMergeBench: MergePageApi }).depterMergeBench = api;
