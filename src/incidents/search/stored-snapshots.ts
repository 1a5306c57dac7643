import type { IndexSnapshots } from '../../app/live-incident-index';
import type { Repository } from '../../db/repository-types';
import { nextMacrotask } from '../../domain/next-macrotask';
import { IncidentIndex, type SlicedBuildOptions } from './search-index';

/**
 * IncidentIndex snapshots kept in the repository (sealed at rest like the
 * records), for the live index. A stored snapshot that cannot be read or
 * decoded is reported on the console and treated as absent: the caller then
 * builds the index from the records, and a fresh snapshot replaces it.
 */
export function storedIndexSnapshots(
  repository: Repository,
  slicing: Pick<SlicedBuildOptions, 'sliceSize' | 'yieldToUi'> = {},
  /** The snapshot's sealed rows read while the passphrase was being checked (snapshot-prefetch.ts). */
  prefetched: Promise<readonly unknown[] | null> = Promise.resolve(null),
): IndexSnapshots<IncidentIndex> {
  return {
    async load(signal) {
      const read = await repository.readSearchSnapshot(await prefetched);
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
