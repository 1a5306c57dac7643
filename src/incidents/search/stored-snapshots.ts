import type { IndexSnapshots } from '../../app/live-incident-index';
import type { Repository } from '../../db/repository-types';
import type { SnapshotRead } from '../../db/search-snapshot-store';
import { IncidentIndex, nextMacrotask, type SlicedBuildOptions } from './search-index';

/**
 * IncidentIndex snapshots kept in the repository (sealed at rest like the
 * records), for the live index. A stored snapshot that cannot be read or
 * decoded is reported on the console and treated as absent: the caller then
 * builds the index from the records, and a fresh snapshot replaces it.
 *
 * The sealed snapshot is read as soon as this is made, so make it right
 * before starting the live index: the chunks decrypt off the main thread and
 * inflate while the first page is read and shown, and the first `load` then
 * only decodes. A snapshot written in between is no loss: the live index
 * catches up from the change sequence of the one it loads.
 */
export function storedIndexSnapshots(
  repository: Repository,
  slicing: Pick<SlicedBuildOptions, 'sliceSize' | 'yieldToUi'> = {},
  /** The snapshot's sealed rows read while the passphrase was being checked (snapshot-prefetch.ts). */
  prefetched: Promise<readonly unknown[] | null> = Promise.resolve(null),
): IndexSnapshots<IncidentIndex> {
  let early: Promise<SnapshotRead> | null = prefetched.then((rows) =>
    repository.readSearchSnapshot(rows),
  );
  // Awaited by the first load; a failure must not count as unhandled meanwhile.
  early.catch(() => undefined);
  return {
    async load(signal) {
      // Only the first load may use the early read: a later one must see what is stored then.
      const reading = early ?? repository.readSearchSnapshot();
      early = null;
      const read = await reading;
      signal.throwIfAborted();
      if (read.status === 'none') return null;
      if (read.status === 'unusable') {
        console.warn('stored search index snapshot ignored:', read.reason);
        return null;
      }
      try {
        return {
          index: IncidentIndex.fromSnapshot(read.snapshot),
          changeSeq: read.snapshot.changeSeq,
        };
      } catch (error) {
        console.warn('stored search index snapshot ignored:', error);
        return null;
      }
    },
    async capture(index, changeSeq, signal) {
      const yieldToUi = slicing.yieldToUi ?? nextMacrotask;
      const encoded = await index.toSnapshot({ ...slicing, yieldToUi, signal });
      return async () => {
        await repository.writeSearchSnapshot({ ...encoded, changeSeq }, { signal, yieldToUi });
      };
    },
  };
}
