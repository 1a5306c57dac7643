import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decrypt, isAgeError } from '../age';
import { generateX25519Identity } from '../age/keys';
import { openBundleSealer, SEAL_BLOCK_SIZE, type BundleSealer } from './bundle-sealer';

/**
 * The sealer splits the stream into ring blocks sealed by a worker; whatever
 * the sizes of the pieces pushed, the age file must decrypt to exactly the
 * bytes pushed (final-chunk flag included) and its reported SHA-256 must be
 * the one of the bytes handed to `write`, in order.
 */

const identity = generateX25519Identity();
const CHUNK = 64 * 1024;

async function sealAll(
  pieces: readonly Uint8Array[],
  ringSlots?: number,
): Promise<{ output: Buffer; sha256: string }> {
  const written: Buffer[] = [];
  const sealer: BundleSealer = await openBundleSealer({
    to: { recipients: [identity.recipient] },
    write: async (bytes) => {
      // A disk that takes its time: the slots must wait for it, not be overwritten.
      setImmediate(() => {
        written.push(Buffer.from(bytes));
        sealer.written(bytes.length);
      });
    },
    ...(ringSlots === undefined ? {} : { ringSlots }),
  });
  try {
    for (const piece of pieces) await sealer.push(piece);
    const sha256 = await sealer.finish();
    // finish() waits for the write calls, not for this fake disk's copies queued after them.
    await new Promise((resolve) => setImmediate(resolve));
    return { output: Buffer.concat(written), sha256 };
  } finally {
    await sealer.close();
  }
}

function splitInto(bytes: Buffer, sizes: readonly number[]): Buffer[] {
  const pieces: Buffer[] = [];
  let at = 0;
  for (let n = 0; at < bytes.length; n++) {
    const size = sizes[n % sizes.length]!;
    pieces.push(bytes.subarray(at, at + size));
    at += size;
  }
  return pieces;
}

describe('openBundleSealer', () => {
  it.each([
    ['nothing', 0],
    ['one byte', 1],
    ['one full STREAM chunk', CHUNK],
    ['exactly one ring block', SEAL_BLOCK_SIZE],
    ['one block and a byte', SEAL_BLOCK_SIZE + 1],
    ['several blocks, a short chunk at the end', 5 * SEAL_BLOCK_SIZE + 3 * CHUNK + 17],
    ['several whole blocks', 6 * SEAL_BLOCK_SIZE],
  ])('seals %s into an age file that decrypts to the input', async (_, size) => {
    const plaintext = randomBytes(size);
    const pieces = splitInto(plaintext, [1, 511, 70_000, 3 * SEAL_BLOCK_SIZE + 5, 512]);
    const { output, sha256 } = await sealAll(pieces, 3);
    expect(sha256).toBe(createHash('sha256').update(output).digest('hex'));
    expect((await decrypt(output, { identities: [identity.identity] })).equals(plaintext)).toBe(
      true,
    );
  });

  it('takes a pushed buffer that the caller reuses right after', async () => {
    const reused = Buffer.alloc(300_000);
    const expected: Buffer[] = [];
    const written: Buffer[] = [];
    const sealer: BundleSealer = await openBundleSealer({
      to: { recipients: [identity.recipient] },
      write: async (bytes) => {
        written.push(Buffer.from(bytes));
        sealer.written(bytes.length);
      },
    });
    for (let n = 0; n < 12; n++) {
      reused.fill(n + 1);
      expected.push(Buffer.from(reused));
      await sealer.push(reused);
    }
    await sealer.finish();
    await sealer.close();
    const plaintext = await decrypt(Buffer.concat(written), { identities: [identity.identity] });
    expect(plaintext.equals(Buffer.concat(expected))).toBe(true);
  });

  it('refuses a recipient that is not an age recipient before starting a worker', async () => {
    const opened = openBundleSealer({ to: { recipients: ['age1nope'] }, write: async () => {} });
    await expect(opened).rejects.toSatisfy((error: unknown) => isAgeError(error, 'INVALID_KEY'));
  });

  it('stops the producer with the error of a failed write', async () => {
    let writes = 0;
    const sealer: BundleSealer = await openBundleSealer({
      to: { recipients: [identity.recipient] },
      write: async (bytes) => {
        writes += 1;
        if (writes === 3) throw Object.assign(new Error('disk full'), { code: 'ENOSPC' });
        sealer.written(bytes.length);
      },
      ringSlots: 3,
    });
    const block = randomBytes(SEAL_BLOCK_SIZE);
    const pushing = (async () => {
      for (let n = 0; n < 50; n++) await sealer.push(block);
      return sealer.finish();
    })();
    await expect(pushing).rejects.toMatchObject({ code: 'ENOSPC' });
    await sealer.close();
    // The header, then blocks until the failed one: nothing written after the failure.
    expect(writes).toBe(3);
  });

  it('after close, refuses more input and writes nothing more', async () => {
    const writes: Buffer[] = [];
    const sealer: BundleSealer = await openBundleSealer({
      to: { recipients: [identity.recipient] },
      write: async (bytes) => {
        writes.push(bytes);
        sealer.written(bytes.length);
      },
      ringSlots: 3,
    });
    await sealer.push(randomBytes(2 * SEAL_BLOCK_SIZE + 10));
    await sealer.close();
    await sealer.close();
    const countAtClose = writes.length;
    await expect(sealer.push(Buffer.from('a byte that fits in the open block'))).rejects.toThrow(
      /closed/,
    );
    await expect(sealer.finish()).rejects.toThrow(/closed/);
    expect(writes.length).toBe(countAtClose);
  });

  it('refuses input after finish', async () => {
    const sealer = await openBundleSealer({
      to: { recipients: [identity.recipient] },
      write: async () => {},
    });
    await sealer.push(Buffer.from('x'));
    await sealer.finish();
    await expect(sealer.push(Buffer.from('y'))).rejects.toThrow(/finished/);
    await expect(sealer.finish()).rejects.toThrow(/finished/);
    await sealer.close();
  });

  it('reuses no slot before its sealed bytes are reported written', async () => {
    const views: Buffer[] = [];
    const sealer = await openBundleSealer({
      to: { recipients: [identity.recipient] },
      write: async (bytes) => {
        views.push(bytes);
      },
      ringSlots: 3,
    });
    const plaintext = randomBytes(10 * SEAL_BLOCK_SIZE);
    let pushed = 0;
    const pushing = (async () => {
      for (; pushed < 10; pushed++) {
        await sealer.push(
          plaintext.subarray(pushed * SEAL_BLOCK_SIZE, (pushed + 1) * SEAL_BLOCK_SIZE),
        );
      }
    })();
    const outcome = pushing.then(
      () => 'finished',
      (error: unknown) => error,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Three slots: two blocks handed out, the third filled and waiting for a fourth to start.
    expect(pushed).toBe(3);
    const copies = views.map((view) => Buffer.from(view));
    for (const view of views.splice(0)) sealer.written(view.length);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(pushed).toBeGreaterThan(3);
    expect(copies.length).toBe(3);
    await sealer.close();
    expect(await outcome).toMatchObject({ message: 'the bundle sealer was closed' });
  });
});
