import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Repository } from '../../db/repository-types';
import {
  freshTestDatabase,
  newTestCodec,
  openTestRepository,
  sampleIncidentBody,
} from '../../db/test-repository';
import { IncidentIndex, NO_FILTERS } from './search-index';
import { storedIndexSnapshots } from './stored-snapshots';

const open: Repository[] = [];
afterEach(() => {
  for (const repository of open.splice(0)) repository.close();
  vi.restoreAllMocks();
});

const immediately = (): Promise<void> => Promise.resolve();

/** A sealed repository holding two incidents and a snapshot of them. */
async function withSnapshot(): Promise<Repository> {
  const repository = await openTestRepository(freshTestDatabase(), {
    codec: await newTestCodec(),
  });
  open.push(repository);
  await repository.createIncident(sampleIncidentBody({ title: 'Первый' }));
  await repository.createIncident(sampleIncidentBody({ title: 'Второй' }));
  const index = IncidentIndex.build(await repository.listIncidents(), []);
  const encoded = await index.toSnapshot({ yieldToUi: immediately });
  await repository.writeSearchSnapshot({ ...encoded, changeSeq: 2 });
  return repository;
}

function titles(index: IncidentIndex | undefined): string[] {
  return (index?.search(NO_FILTERS) ?? []).map((summary) => summary.title);
}

describe('stored index snapshots', () => {
  it('starts reading the sealed snapshot when made, and the first load uses that read', async () => {
    const repository = await withSnapshot();
    const read = vi.spyOn(repository, 'readSearchSnapshot');
    const snapshots = storedIndexSnapshots(repository, {}, Promise.resolve(null));
    await Promise.resolve();
    expect(read).toHaveBeenCalledTimes(1);
    expect(read).toHaveBeenCalledWith(null);
    const loaded = await snapshots.load(new AbortController().signal);
    expect(read).toHaveBeenCalledTimes(1);
    expect(loaded?.changeSeq).toBe(2);
    expect(titles(loaded?.index).sort()).toEqual(['Второй', 'Первый']);

    // A later load reads what is stored then, not the early read again.
    await repository.createIncident(sampleIncidentBody({ title: 'Третий' }));
    const newer = IncidentIndex.build(await repository.listIncidents(), []);
    const encoded = await newer.toSnapshot({ yieldToUi: immediately });
    await repository.writeSearchSnapshot({ ...encoded, changeSeq: 3 });
    const again = await snapshots.load(new AbortController().signal);
    expect(read).toHaveBeenCalledTimes(2);
    expect(read).toHaveBeenLastCalledWith();
    expect(again?.changeSeq).toBe(3);
    expect(titles(again?.index)).toContain('Третий');
  });

  it('reports a failed early read from load, and not before', async () => {
    const repository = await withSnapshot();
    const failure = new Error('database closed');
    vi.spyOn(repository, 'readSearchSnapshot').mockRejectedValue(failure);
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const snapshots = storedIndexSnapshots(repository);
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(unhandled).not.toHaveBeenCalled();
      await expect(snapshots.load(new AbortController().signal)).rejects.toBe(failure);
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('treats an unusable snapshot as none, with a warning', async () => {
    const repository = await withSnapshot();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const junk = [{ part: 0, snapshot: 'x', body: 'not sealed' }];
    const snapshots = storedIndexSnapshots(repository, {}, Promise.resolve(junk));
    expect(await snapshots.load(new AbortController().signal)).toBeNull();
    expect(warn).toHaveBeenCalledWith('stored search index snapshot ignored:', expect.any(String));
  });
});
