import { createHash, randomBytes } from 'node:crypto';
import {
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  symlink,
  unlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EvidenceProgress } from '../../../src/domain/api';
import { dispatch } from '../api-dispatch';
import { createApiHandlers, type ApiHandlerDeps } from '../api-handlers';
import { VaultService } from '../vault/vault-service';
import { PASSPHRASE, TEST_LOG_N } from '../vault/vault-test-support.testing';
import {
  createEvidenceHandlers,
  endingEvidenceSessionOnLock,
  evidenceKeysOf,
  playbackReaderOpener,
} from './evidence-handlers';
import { createEvidenceRequestHandler, PlaybackTokens } from './evidence-protocol';
import { EvidenceStore } from './evidence-store';

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'depter-evidence-handlers-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Bytes the store sniffs as PNG, long enough to span several 64 KiB chunks. */
function pngLike(size = 200_000): Buffer {
  return Buffer.concat([PNG_SIGNATURE, randomBytes(size - PNG_SIGNATURE.length)]);
}

const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function sourceFile(name: string, content: Buffer | string): Promise<string> {
  const directory = join(folder, 'sources');
  await mkdir(directory, { recursive: true });
  const path = join(directory, name);
  await writeFile(path, content);
  return path;
}

/** Every file under the evidence folder, relative to it. */
async function storedFiles(): Promise<string[]> {
  const root = join(folder, 'evidence');
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1));
}

/** The real store, vault and playback tokens on a temporary folder, with recorded dialogs and events. */
async function setUp(options: { unlocked?: boolean } = {}) {
  await mkdir(join(folder, 'data'));
  const vaultService = new VaultService({ dataDir: join(folder, 'data'), logN: TEST_LOG_N });
  const created = await vaultService.create(PASSPHRASE);
  if (!created.ok) throw new Error(`vault not created: ${created.error}`);
  if (options.unlocked === false) vaultService.lock();
  const store = new EvidenceStore({ directory: join(folder, 'evidence') });
  const tokens = new PlaybackTokens();
  const progress: EvidenceProgress[] = [];
  const dialogs = {
    openPaths: [] as string[],
    savePath: null as string | null,
  };
  const deps = {
    store,
    vault: vaultService,
    chooseOpenPaths: vi.fn(async () => [...dialogs.openPaths]),
    chooseSavePath: vi.fn(async (_name: string) => dialogs.savePath),
    emitProgress: vi.fn((event: EvidenceProgress) => {
      progress.push(event);
    }),
    playbackUrls: tokens,
  };
  const evidence = createEvidenceHandlers(deps);
  const vault = endingEvidenceSessionOnLock(vaultService, evidence.endSession);
  const serve = createEvidenceRequestHandler({
    tokens,
    openReader: playbackReaderOpener(store, vaultService),
  });
  return {
    vault,
    vaultService,
    store,
    evidence,
    handlers: evidence.handlers,
    deps,
    dialogs,
    progress,
    serve,
  };
}

type Setup = Awaited<ReturnType<typeof setUp>>;

async function registered(setup: Setup, ...paths: string[]) {
  const { sources, refused } = await setup.handlers.registerDroppedFiles({ paths });
  expect(refused).toEqual([]);
  return sources;
}

async function attached(setup: Setup, content: Buffer, name = 'photo.png') {
  const [source] = await registered(setup, await sourceFile(name, content));
  const result = await setup.handlers.attachEvidence({ sourceId: source!.sourceId });
  if (!result.ok) throw new Error(`attach failed: ${result.error}`);
  return result.file;
}

describe('choosing and dropping files', () => {
  it('registers the files chosen in the dialog, with their names and sizes', async () => {
    const setup = await setUp();
    setup.dialogs.openPaths = [
      await sourceFile('марш.png', pngLike(1000)),
      await sourceFile('notes.txt', 'hello'),
    ];
    const { sources } = await setup.handlers.chooseEvidenceFiles(undefined);
    expect(sources.map(({ name, size }) => ({ name, size }))).toEqual([
      { name: 'марш.png', size: 1000 },
      { name: 'notes.txt', size: 5 },
    ]);
    expect(new Set(sources.map((source) => source.sourceId)).size).toBe(2);
    // The answer passes the contract on its way out.
    await expect(
      dispatch(createApiHandlers(apiDeps(setup)), 'chooseEvidenceFiles', undefined),
    ).resolves.toMatchObject({ sources: [{ name: 'марш.png' }, { name: 'notes.txt' }] });
  });

  it('answers no sources when the dialog is cancelled', async () => {
    const setup = await setUp();
    expect(await setup.handlers.chooseEvidenceFiles(undefined)).toEqual({ sources: [] });
  });

  it('accepts dropped regular files and refuses, by name, folders, links, devices and missing paths', async () => {
    const setup = await setUp();
    const file = await sourceFile('video.mp4', pngLike(500));
    const link = join(folder, 'sources', 'link.mp4');
    await symlink(file, link);
    const deviceLink = join(folder, 'sources', 'zero.mp4');
    await symlink('/dev/zero', deviceLink);
    const { sources, refused } = await setup.handlers.registerDroppedFiles({
      paths: [
        file,
        join(folder, 'sources'),
        link,
        deviceLink,
        '/dev/null',
        join(folder, 'gone.mp4'),
        'relative/video.mp4',
      ],
    });
    expect(sources).toEqual([{ sourceId: expect.any(String), name: 'video.mp4', size: 500 }]);
    expect(refused).toEqual(['sources', 'link.mp4', 'zero.mp4', 'null', 'gone.mp4', 'video.mp4']);
  });

  it('remembers at most 10,000 chosen files and refuses more by name', async () => {
    const setup = await setUp();
    const path = await sourceFile('same.png', pngLike(100));
    const batch = Array.from({ length: 1000 }, () => path);
    for (let call = 0; call < 10; call++) {
      expect((await setup.handlers.registerDroppedFiles({ paths: batch })).sources).toHaveLength(
        1000,
      );
    }
    expect(await setup.handlers.registerDroppedFiles({ paths: [path] })).toEqual({
      sources: [],
      refused: ['same.png'],
    });
  });

  it('registers nothing and opens no dialog while the vault is locked', async () => {
    const setup = await setUp({ unlocked: false });
    const file = await sourceFile('a.png', pngLike(100));
    await expect(setup.handlers.registerDroppedFiles({ paths: [file] })).rejects.toThrow(
      /^VAULT_LOCKED/,
    );
    await expect(setup.handlers.chooseEvidenceFiles(undefined)).rejects.toThrow(/^VAULT_LOCKED/);
    expect(setup.deps.chooseOpenPaths).not.toHaveBeenCalled();
  });
});

describe('attachEvidence', () => {
  it('stores the file once, answering its hash, type, name and modification time, with progress', async () => {
    const setup = await setUp();
    const content = pngLike();
    const path = await sourceFile('марш 18 март.png', content);
    const [source] = await registered(setup, path);
    const result = await setup.handlers.attachEvidence({ sourceId: source!.sourceId });
    expect(result).toEqual({
      ok: true,
      file: {
        sha256: sha256Of(content),
        size: content.length,
        mime: 'image/png',
        originalName: 'марш 18 март.png',
        modifiedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
        alreadyStored: false,
      },
    });
    expect(setup.progress.at(-1)).toEqual({
      jobId: source!.sourceId,
      bytesDone: content.length,
      bytesTotal: content.length,
    });
    expect(setup.progress.every((event) => event.jobId === source!.sourceId)).toBe(true);
    // Encrypted at rest: the plaintext is nowhere in the store.
    const files = await storedFiles();
    expect(files).toHaveLength(1);
    const stored = await readFile(join(folder, 'evidence', files[0]!));
    expect(stored.includes(content.subarray(0, 4096))).toBe(false);
  });

  it('uses a source once: a second attach with the same id is refused', async () => {
    const setup = await setUp();
    const [source] = await registered(setup, await sourceFile('a.png', pngLike(1000)));
    expect((await setup.handlers.attachEvidence({ sourceId: source!.sourceId })).ok).toBe(true);
    expect(await setup.handlers.attachEvidence({ sourceId: source!.sourceId })).toEqual({
      ok: false,
      error: 'UNKNOWN_SOURCE',
    });
  });

  it('says the same content was already stored and keeps one copy', async () => {
    const setup = await setUp();
    const content = pngLike(5000);
    const first = await attached(setup, content, 'one.png');
    const second = await attached(setup, content, 'two.png');
    expect(second).toMatchObject({
      sha256: first.sha256,
      originalName: 'two.png',
      alreadyStored: true,
    });
    expect(await storedFiles()).toHaveLength(1);
  });

  it('refuses an unknown source and any source while locked', async () => {
    const setup = await setUp();
    expect(await setup.handlers.attachEvidence({ sourceId: 'x'.repeat(24) })).toEqual({
      ok: false,
      error: 'UNKNOWN_SOURCE',
    });
    const [source] = await registered(setup, await sourceFile('a.png', pngLike(100)));
    setup.vaultService.lock();
    expect(await setup.handlers.attachEvidence({ sourceId: source!.sourceId })).toEqual({
      ok: false,
      error: 'LOCKED',
    });
    expect(await storedFiles()).toEqual([]);
  });

  it('refuses a file that was removed or swapped for a link after it was chosen', async () => {
    const setup = await setUp();
    const gone = await sourceFile('gone.png', pngLike(100));
    const swapped = await sourceFile('swapped.png', pngLike(100));
    const [goneSource, swappedSource] = await registered(setup, gone, swapped);
    await unlink(gone);
    await unlink(swapped);
    await symlink('/etc/hostname', swapped);
    for (const source of [goneSource!, swappedSource!]) {
      expect(await setup.handlers.attachEvidence({ sourceId: source.sourceId })).toEqual({
        ok: false,
        error: 'SOURCE_UNREADABLE',
      });
    }
    expect(await storedFiles()).toEqual([]);
  });

  it('cancels a running attach and leaves nothing behind', async () => {
    const setup = await setUp();
    const [source] = await registered(setup, await sourceFile('big.png', pngLike(4_000_000)));
    const running = setup.handlers.attachEvidence({ sourceId: source!.sourceId });
    expect(await setup.handlers.cancelEvidenceAttach({ sourceId: source!.sourceId })).toEqual({
      cancelled: true,
    });
    expect(await running).toEqual({ ok: false, error: 'CANCELLED' });
    expect(await storedFiles()).toEqual([]);
    expect(await setup.handlers.cancelEvidenceAttach({ sourceId: source!.sourceId })).toEqual({
      cancelled: false,
    });
  });

  it('drops a chosen file that has not started yet when it is cancelled', async () => {
    const setup = await setUp();
    const [source] = await registered(setup, await sourceFile('queued.png', pngLike(100)));
    expect(await setup.handlers.cancelEvidenceAttach({ sourceId: source!.sourceId })).toEqual({
      cancelled: true,
    });
    expect(await setup.handlers.attachEvidence({ sourceId: source!.sourceId })).toEqual({
      ok: false,
      error: 'UNKNOWN_SOURCE',
    });
  });
});

describe('a lock ends the evidence session', () => {
  it('stops a running attach, forgets chosen files and voids playback URLs', async () => {
    const setup = await setUp();
    const played = await attached(setup, pngLike(1000), 'played.png');
    const opened = await setup.handlers.openEvidence({ sha256: played.sha256 });
    if (!opened.ok) throw new Error(opened.error);
    expect((await setup.serve(new Request(opened.url))).status).toBe(200);

    const [big, waiting] = await registered(
      setup,
      await sourceFile('big.png', pngLike(4_000_000)),
      await sourceFile('waiting.png', pngLike(100)),
    );
    const running = setup.handlers.attachEvidence({ sourceId: big!.sourceId });
    setup.vault.lock();
    expect(await running).toEqual({ ok: false, error: 'LOCKED' });
    expect(await storedFiles()).toHaveLength(1);

    const unlocked = await setup.vault.unlock(PASSPHRASE);
    expect(unlocked.ok).toBe(true);
    expect(await setup.handlers.attachEvidence({ sourceId: waiting!.sourceId })).toEqual({
      ok: false,
      error: 'UNKNOWN_SOURCE',
    });
    expect((await setup.serve(new Request(opened.url))).status).toBe(404);
  });

  it('ends it before a wipe deletes the evidence folder', async () => {
    const setup = await setUp();
    const [source] = await registered(setup, await sourceFile('a.png', pngLike(100)));
    const endSession = vi.fn();
    const vault = endingEvidenceSessionOnLock(setup.vaultService, endSession);
    const deleteDatabase = vi.fn(async () => {
      expect(endSession).toHaveBeenCalledTimes(1);
    });
    const wiped = await vault.wipe({ deleteDatabase });
    expect(wiped.keyFileDestroyed).toBe(true);
    expect(deleteDatabase).toHaveBeenCalled();
    setup.evidence.endSession();
    expect(await setup.handlers.attachEvidence({ sourceId: source!.sourceId })).toEqual({
      ok: false,
      error: 'LOCKED',
    });
  });

  it('passes every other vault call through unchanged', async () => {
    const setup = await setUp();
    expect(setup.vault.keys()).toBe(setup.vaultService.keys());
    expect(await setup.vault.status()).toEqual(await setup.vaultService.status());
    const endSession = vi.fn();
    const vault = endingEvidenceSessionOnLock(setup.vaultService, endSession);
    vault.lock();
    expect(setup.vaultService.keys()).toBeNull();
    expect(endSession).toHaveBeenCalledTimes(1);
  });
});

describe('stored evidence', () => {
  it('commits, reconciles and discards by hash', async () => {
    const setup = await setUp();
    const kept = await attached(setup, pngLike(1000), 'kept.png');
    const dropped = await attached(setup, pngLike(1000), 'dropped.png');
    expect(await setup.handlers.commitEvidence({ sha256: kept.sha256 })).toEqual({
      committed: true,
    });
    const absent = 'f'.repeat(64);
    // Not before a lock: until then `dropped` may still be waiting for its record.
    expect(await setup.handlers.reconcileEvidence({ keep: [kept.sha256, absent] })).toEqual({
      missing: [absent],
      removedUncommitted: 0,
    });
    setup.evidence.endSession();
    expect(await setup.handlers.reconcileEvidence({ keep: [kept.sha256, absent] })).toEqual({
      missing: [absent],
      removedUncommitted: 1,
    });
    expect((await setup.handlers.openEvidence({ sha256: dropped.sha256 })).ok).toBe(false);
    expect(await setup.handlers.discardEvidence({ sha256: kept.sha256 })).toEqual({
      deleted: true,
    });
    expect(await setup.handlers.discardEvidence({ sha256: kept.sha256 })).toEqual({
      deleted: false,
    });
    expect(await storedFiles()).toEqual([]);
  });

  it('refuses commit, reconcile and discard while locked', async () => {
    const setup = await setUp({ unlocked: false });
    const sha256 = 'a'.repeat(64);
    await expect(setup.handlers.commitEvidence({ sha256 })).rejects.toThrow(/^VAULT_LOCKED/);
    await expect(setup.handlers.reconcileEvidence({ keep: [] })).rejects.toThrow(/^VAULT_LOCKED/);
    await expect(setup.handlers.discardEvidence({ sha256 })).rejects.toThrow(/^VAULT_LOCKED/);
  });

  it('opens a playable file as a URL the evidence scheme serves, byte for byte', async () => {
    const setup = await setUp();
    const content = pngLike();
    const file = await attached(setup, content);
    const opened = await setup.handlers.openEvidence({ sha256: file.sha256 });
    expect(opened).toEqual({
      ok: true,
      url: expect.stringMatching(/^depter-evidence:\/\/media\/[A-Za-z0-9_-]{43}$/),
      mime: 'image/png',
      kind: 'image',
      size: content.length,
    });
    if (!opened.ok) return;
    // The URL names a token, never the hash.
    expect(opened.url).not.toContain(file.sha256);
    const response = await setup.serve(new Request(opened.url));
    expect(Buffer.from(await response.arrayBuffer()).equals(content)).toBe(true);
  });

  it('refuses to open what it does not play, what is not stored, and anything while locked', async () => {
    const setup = await setUp();
    const text = await attached(setup, Buffer.from('not a video\n'), 'notes.txt');
    expect(await setup.handlers.openEvidence({ sha256: text.sha256 })).toEqual({
      ok: false,
      error: 'NOT_PLAYABLE',
    });
    expect(await setup.handlers.openEvidence({ sha256: 'e'.repeat(64) })).toEqual({
      ok: false,
      error: 'MISSING',
    });
    setup.vault.lock();
    expect(await setup.handlers.openEvidence({ sha256: text.sha256 })).toEqual({
      ok: false,
      error: 'LOCKED',
    });
  });

  it('verifies a stored file with progress under the job id, and reports one changed on disk', async () => {
    const setup = await setUp();
    const content = pngLike();
    const file = await attached(setup, content);
    const jobId = 'verify-job-0000001';
    expect(await setup.handlers.verifyEvidence({ sha256: file.sha256, jobId })).toEqual({
      ok: true,
    });
    // The store counts what it reads (the encrypted file): only the ratio matters to the UI.
    const last = setup.progress.at(-1);
    expect(last).toEqual({ jobId, bytesDone: last?.bytesTotal, bytesTotal: expect.any(Number) });
    expect(last?.bytesTotal).toBeGreaterThanOrEqual(content.length);

    const [stored] = await storedFiles();
    const path = join(folder, 'evidence', stored!);
    const bytes = await readFile(path);
    bytes[bytes.length - 100] = (bytes[bytes.length - 100] ?? 0) ^ 1;
    await writeFile(path, bytes);
    expect(await setup.handlers.verifyEvidence({ sha256: file.sha256, jobId })).toEqual({
      ok: false,
      error: 'DAMAGED',
    });
    expect(await setup.handlers.verifyEvidence({ sha256: 'e'.repeat(64), jobId })).toEqual({
      ok: false,
      error: 'MISSING',
    });
  });

  it('saves a decrypted copy where the user chose, or nothing when they cancel', async () => {
    const setup = await setUp();
    const content = pngLike();
    const file = await attached(setup, content);
    const jobId = 'save-job-000000001';
    expect(
      await setup.handlers.saveEvidenceCopy({ sha256: file.sha256, jobId, suggestedName: 'a.png' }),
    ).toEqual({ ok: true, saved: false });

    setup.dialogs.savePath = join(folder, 'copy.png');
    expect(
      await setup.handlers.saveEvidenceCopy({ sha256: file.sha256, jobId, suggestedName: 'a.png' }),
    ).toEqual({ ok: true, saved: true });
    expect(setup.deps.chooseSavePath).toHaveBeenLastCalledWith('a.png');
    expect((await readFile(join(folder, 'copy.png'))).equals(content)).toBe(true);
    expect(setup.progress.some((event) => event.jobId === jobId)).toBe(true);
  });

  it('refuses to save a copy while locked, also when the lock came while the dialog was open', async () => {
    const setup = await setUp();
    const file = await attached(setup, pngLike(1000));
    const input = { sha256: file.sha256, jobId: 'save-job-000000002', suggestedName: 'a.png' };
    setup.deps.chooseSavePath.mockImplementationOnce(async () => {
      setup.vault.lock();
      return join(folder, 'late.png');
    });
    expect(await setup.handlers.saveEvidenceCopy(input)).toEqual({ ok: false, error: 'LOCKED' });
    expect(await setup.handlers.saveEvidenceCopy(input)).toEqual({ ok: false, error: 'LOCKED' });
    await expect(readFile(join(folder, 'late.png'))).rejects.toThrow(/ENOENT/);
  });
});

describe('evidenceKeysOf', () => {
  it('derives the store keys from the vault keys, and none while locked', async () => {
    const setup = await setUp();
    const keys = evidenceKeysOf(setup.vaultService.keys());
    expect(keys?.ageRecipient).toMatch(/^age1/);
    expect(keys?.ageIdentity).toMatch(/^AGE-SECRET-KEY-1/);
    expect(keys?.namingKey).toHaveLength(32);
    // Not the records key itself: knowing one file name must not reveal it.
    expect(keys?.namingKey.equals(setup.vaultService.keys()!.recordsKey)).toBe(false);
    expect(evidenceKeysOf(null)).toBeNull();
  });
});

function apiDeps(setup: Setup) {
  return {
    getSystemLocales: () => [],
    openExternal: async () => undefined,
    chooseSavePath: setup.deps.chooseSavePath,
    writeClipboardText: () => undefined,
    deleteDatabase: async () => undefined,
    vault: setup.vault,
    evidence: setup.handlers,
    // Only the evidence methods are called through these deps.
    exchange: {} as ApiHandlerDeps['exchange'],
  };
}
