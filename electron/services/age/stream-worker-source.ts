import { TAG_LENGTH } from './primitives';
import { CHUNK_SIZE } from './stream';

/**
 * age STREAM code for the worker threads that seal and open payloads. They
 * run source strings (see ../evidence/ordered-worker.ts for why), so this
 * is text they include, one copy of what ./stream.ts does on the main
 * thread; the specs of each worker compare its output with `sealChunk`.
 *
 * - `chunkNonce(index, last)`: the nonce of chunk `index`, as `chunkNonce`
 *   in ./stream.ts.
 * - `sealBlock(ring, key, job)`: seals `ring[job.offset, job.offset +
 *   job.length)` as chunks `job.firstChunk`… (the last one flagged final
 *   when `job.last`) into buffers: ciphertext, tag, ciphertext, tag…
 * - `releaseBuffers(buffers)`: hands their memory back to malloc now
 *   instead of at the next garbage collection, so the next chunks reuse it
 *   while it is warm and gigabytes of dead ciphertext never pile up.
 *
 * It also declares `createStreamCipher`, `STREAM_CHUNK_SIZE` and
 * `STREAM_TAG_LENGTH`.
 */
export const STREAM_WORKER_SOURCE = `
const { createCipheriv: createStreamCipher } = require('node:crypto');
const STREAM_CHUNK_SIZE = ${CHUNK_SIZE};
const STREAM_TAG_LENGTH = ${TAG_LENGTH};

function chunkNonce(index, last) {
  const bytes = Buffer.alloc(12);
  bytes.writeUIntBE(index, 5, 6);
  bytes[11] = last ? 1 : 0;
  return bytes;
}

function sealBlock(ring, key, job) {
  const sealed = [];
  const count = Math.max(1, Math.ceil(job.length / STREAM_CHUNK_SIZE));
  for (let index = 0; index < count; index++) {
    const start = job.offset + index * STREAM_CHUNK_SIZE;
    const end = job.offset + Math.min(job.length, (index + 1) * STREAM_CHUNK_SIZE);
    const last = job.last && index === count - 1;
    const cipher = createStreamCipher('chacha20-poly1305', key, chunkNonce(job.firstChunk + index, last), {
      authTagLength: STREAM_TAG_LENGTH,
    });
    sealed.push(cipher.update(ring.subarray(start, end)));
    cipher.final();
    sealed.push(cipher.getAuthTag());
  }
  return sealed;
}

function releaseBuffers(buffers) {
  for (const buffer of buffers) {
    if (buffer.byteOffset === 0 && buffer.buffer.byteLength === buffer.length) buffer.buffer.transfer(0);
  }
}
`;
