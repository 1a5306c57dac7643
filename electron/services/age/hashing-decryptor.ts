import { OrderedWorker, type WorkerReply } from '../evidence/ordered-worker';
import { AgeError } from './errors';
import type { PayloadFile } from './payload-file';
import { TAG_LENGTH } from './primitives';
import { CHUNK_SIZE, ENCRYPTED_CHUNK_SIZE } from './stream';
import { STREAM_WORKER_SOURCE } from './stream-worker-source';

/**
 * Decrypts age files front to back on a second thread and hashes their
 * plaintext there, block by block, while the bytes are still in cache.
 * The export streams every stored evidence file this way: the main thread
 * only copies each decrypted block on into the bundle, and the SHA-256 it
 * checks against the record is of exactly those bytes.
 *
 * The worker reads the sealed chunks from the caller's open file (by its
 * descriptor, which threads share) and writes the plaintext into a ring of
 * shared 1 MiB slots; a slot is decrypted into again only once the caller
 * asked for the block after it. One worker serves one file at a time, and
 * all the files of an export in turn.
 */

export const DECRYPT_BLOCK_CHUNKS = 16;
const BLOCK_SIZE = DECRYPT_BLOCK_CHUNKS * CHUNK_SIZE;
/** One block with the caller, three decrypted ahead. */
const DEFAULT_RING_SLOTS = 4;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createDecipheriv, createHash } = require('node:crypto');
const { readSync } = require('node:fs');
${STREAM_WORKER_SOURCE}
const { ring: sharedRing, blockSize, chunkSize, sealedChunkSize, tagLength } = workerData;
const ring = Buffer.from(sharedRing);
const sealed = Buffer.allocUnsafe((blockSize / chunkSize) * sealedChunkSize);
let file;
let hash;

function failure(code, message) {
  return Object.assign(new Error(message), { code });
}

function forget() {
  if (file !== undefined) file.key.fill(0);
  file = undefined;
}

function readSealed(length, position) {
  let filled = 0;
  while (filled < length) {
    const read = readSync(file.fd, sealed, filled, length - filled, position + filled);
    if (read === 0) throw failure('TRUNCATED', 'the age file ended early');
    filled += read;
  }
}

function decrypt(job) {
  if (file === undefined) throw new Error('no file is open');
  const lastIndex = file.chunkCount - 1;
  const end = job.firstChunk + job.count - 1;
  if (job.count < 1 || end > lastIndex) throw new RangeError('chunks outside the file');
  const sealedLength =
    (job.count - 1) * sealedChunkSize + (end === lastIndex ? file.lastChunkSize : sealedChunkSize);
  readSealed(sealedLength, file.payloadStart + job.firstChunk * sealedChunkSize);
  const start = job.slot * blockSize;
  let at = start;
  for (let n = 0; n < job.count; n++) {
    const index = job.firstChunk + n;
    const from = n * sealedChunkSize;
    const to = Math.min(from + sealedChunkSize, sealedLength);
    const decipher = createDecipheriv('chacha20-poly1305', file.key, chunkNonce(index, index === lastIndex), {
      authTagLength: tagLength,
    });
    decipher.setAuthTag(sealed.subarray(to - tagLength, to));
    const plaintext = decipher.update(sealed.subarray(from, to - tagLength));
    try {
      decipher.final();
    } catch {
      throw failure('PAYLOAD_AUTH', 'age payload chunk ' + index + ' failed authentication');
    }
    at += plaintext.copy(ring, at);
    // Frees the chunk's memory now, so the next chunk reuses it while it is warm.
    if (plaintext.byteOffset === 0 && plaintext.buffer.byteLength === plaintext.length) {
      plaintext.buffer.transfer(0);
    }
  }
  hash.update(ring.subarray(start, at));
  return at - start;
}

parentPort.on('message', (job) => {
  try {
    if (job.type === 'open') {
      forget();
      file = job.file;
      hash = createHash('sha256');
      parentPort.postMessage({ ok: true });
    } else if (job.type === 'decrypt') {
      parentPort.postMessage({ ok: true, length: decrypt(job) });
    } else {
      forget();
      parentPort.postMessage({ ok: true, hex: hash.digest('hex') });
    }
  } catch (error) {
    parentPort.postMessage({ ok: false, code: error.code, message: String(error.message) });
  }
});
`;

export class HashingDecryptor {
  private readonly worker: OrderedWorker;
  private readonly ring: Buffer;
  private reading = false;
  private stopped: Promise<void> | undefined;

  constructor(private readonly ringSlots = DEFAULT_RING_SLOTS) {
    if (!Number.isSafeInteger(ringSlots) || ringSlots < 2) {
      throw new RangeError('the ring needs at least two slots');
    }
    const shared = new SharedArrayBuffer(ringSlots * BLOCK_SIZE);
    this.ring = Buffer.from(shared);
    this.worker = new OrderedWorker(WORKER_SOURCE, {
      ring: shared,
      blockSize: BLOCK_SIZE,
      chunkSize: CHUNK_SIZE,
      sealedChunkSize: ENCRYPTED_CHUNK_SIZE,
      tagLength: TAG_LENGTH,
    });
  }

  /**
   * Yields the plaintext of `file` in blocks of up to 1 MiB, each a view of
   * the ring that stays valid until the next block is asked for; returns
   * the SHA-256 of all of it. Every chunk is authenticated before its block
   * is yielded (`AgeError` PAYLOAD_AUTH or TRUNCATED otherwise). The file
   * stays the caller's to close, once this has returned or been stopped.
   */
  async *decrypt(file: PayloadFile): AsyncGenerator<Buffer, string, undefined> {
    if (this.reading) throw new Error('the decryptor reads one file at a time');
    // A closed FileHandle's descriptor is -1; a stale number could name another file by now.
    if (file.handle.fd < 0) throw new Error('the age file is closed');
    this.reading = true;
    const { chunkCount } = file.layout;
    const blockCount = Math.ceil(chunkCount / DECRYPT_BLOCK_CHUNKS);
    const pending: Promise<WorkerReply>[] = [];
    let requested = 0;
    const track = (reply: Promise<WorkerReply>): Promise<WorkerReply> => {
      // Awaited in turn below; one failing while another is awaited must not count as unhandled.
      reply.catch(() => undefined);
      pending.push(reply);
      return reply;
    };
    const requestBlock = (): void => {
      const firstChunk = requested * DECRYPT_BLOCK_CHUNKS;
      track(
        this.worker.run({
          type: 'decrypt',
          slot: requested % this.ringSlots,
          firstChunk,
          count: Math.min(DECRYPT_BLOCK_CHUNKS, chunkCount - firstChunk),
        }),
      );
      requested++;
    };
    try {
      track(
        this.worker.run({
          type: 'open',
          file: {
            fd: file.handle.fd,
            key: new Uint8Array(file.payloadKey),
            payloadStart: file.payloadStart,
            chunkCount,
            lastChunkSize: file.layout.lastChunkSize,
          },
        }),
      );
      while (requested < Math.min(this.ringSlots, blockCount)) requestBlock();
      await pending.shift();
      for (let block = 0; block < blockCount; block++) {
        const { length } = await pending.shift()!;
        if (typeof length !== 'number') throw new Error('the decrypting worker gave no length');
        const start = (block % this.ringSlots) * BLOCK_SIZE;
        yield this.ring.subarray(start, start + length);
        if (requested < blockCount) requestBlock();
      }
      const { hex } = await track(this.worker.run({ type: 'digest' }));
      pending.length = 0;
      if (typeof hex !== 'string') throw new Error('the decrypting worker gave no digest');
      return hex;
    } catch (error) {
      throw asAgeError(error);
    } finally {
      // A block still being decrypted reads the file and writes the ring: both are reused after this.
      await Promise.allSettled(pending);
      this.reading = false;
    }
  }

  /** Stops the worker; a file it was reading may be closed once this resolves. Idempotent. */
  close(): Promise<void> {
    this.stopped ??= this.worker.stop();
    return this.stopped;
  }
}

/** The worker's failures carry the age error code; they become AgeErrors again here. */
function asAgeError(error: unknown): unknown {
  if (!(error instanceof Error) || !('code' in error)) return error;
  if (error.code === 'PAYLOAD_AUTH' || error.code === 'TRUNCATED') {
    return new AgeError(error.code, error.message, { cause: error });
  }
  return error;
}
