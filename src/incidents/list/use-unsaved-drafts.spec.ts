import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DraftSummary, Repository } from '../../db/repository-types';
import { openTestRepository, sampleIncidentBody } from '../../db/test-repository';
import { CLOSING_EDITOR_GRACE_MS, watchUnsavedDrafts } from './use-unsaved-drafts';

const ID = '01936f4e-8a2b-7c3d-9e4f-0123456789ab';
const open: Repository[] = [];
const stops: (() => void)[] = [];

afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  for (const repository of open.splice(0)) repository.close();
});

async function watch(repository: Repository) {
  const reports: DraftSummary[][] = [];
  stops.push(watchUnsavedDrafts(repository, 'incident', (drafts) => reports.push(drafts)));
  await vi.waitFor(() => expect(reports.length).toBeGreaterThan(0));
  return reports;
}

async function repositoryWithDraft(): Promise<Repository> {
  const repository = await openTestRepository();
  open.push(repository);
  await repository.saveDraft({
    id: ID,
    kind: 'incident',
    baseRev: 0,
    form: { title: 'Задержание в Оше' },
    savedAt: '2026-11-28T20:00:00.000Z',
  });
  return repository;
}

describe('watchUnsavedDrafts', () => {
  it('reports the drafts at once and drops one when its record is first saved', async () => {
    const repository = await repositoryWithDraft();
    const reports = await watch(repository);
    expect(reports.at(-1)?.map((d) => d.title)).toEqual(['Задержание в Оше']);

    await repository.createIncident(sampleIncidentBody(), ID);
    await vi.waitFor(() => expect(reports.at(-1)).toEqual([]));
  });

  it('looks again after the grace period, for the draft a closing editor writes last', async () => {
    const repository = await openTestRepository();
    open.push(repository);
    const reports = await watch(repository);
    expect(reports.at(-1)).toEqual([]);

    await repository.saveDraft({
      id: ID,
      kind: 'incident',
      baseRev: 0,
      form: { title: 'Последние секунды' },
      savedAt: '2026-11-28T20:00:00.000Z',
    });
    await new Promise((resolve) => setTimeout(resolve, CLOSING_EDITOR_GRACE_MS + 50));
    await vi.waitFor(() =>
      expect(reports.at(-1)?.map((d) => d.title)).toEqual(['Последние секунды']),
    );
  });

  it('reports nothing more once stopped', async () => {
    const repository = await repositoryWithDraft();
    const reports = await watch(repository);
    stops.pop()?.();
    const seen = reports.length;
    await repository.createIncident(sampleIncidentBody());
    await new Promise((resolve) => setTimeout(resolve, CLOSING_EDITOR_GRACE_MS + 50));
    expect(reports).toHaveLength(seen);
  });
});
