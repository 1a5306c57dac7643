import type { EvidenceFileSource } from '../../electron/services/bundle';
import type {
  EvidenceKeys,
  EvidenceStoreApi,
} from '../../electron/services/evidence/evidence-store-types';

/** Sixteen 64 KiB STREAM chunks per read: few promise turns, little memory. */
const READ_BYTES = 1024 * 1024;

/**
 * A stored evidence file as writeBundle takes it, decrypted through the
 * store's reader as the app's export does: the bench's stand-in until the
 * export handlers name their own.
 */
export function storeEvidenceSource(
  store: EvidenceStoreApi,
  keys: EvidenceKeys,
): (sha256: string) => Promise<EvidenceFileSource> {
  return async (sha256) => {
    const reader = await store.openReader(sha256, keys);
    return {
      size: reader.size,
      async *open() {
        try {
          for (let start = 0; start < reader.size; start += READ_BYTES) {
            yield await reader.read(start, Math.min(reader.size, start + READ_BYTES));
          }
        } finally {
          await reader.close();
        }
      },
    };
  };
}
