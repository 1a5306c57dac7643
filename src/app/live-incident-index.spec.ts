import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openRepository } from '../db/repository';
import type { Loaded, Repository } from '../db/repository-types';
import { emptyActorBody, type Actor } from '../domain/actor';
import { emptyIncidentBody, type Incident, type IncidentBody } from '../domain/incident';
import { IncidentIndex, NO_FILTERS } from '../incidents/search/search-index';
import { LiveIncidentIndex, type UpdatableIndex } from './live-incident-index';

/**
 * A plain map standing in for the search index: the live index only has to
 * deliver the right upserts and removals, which this records faithfully.
 */
class MapIndex implements UpdatableIndex {
  readonly incidents = new Map<string, Loaded<Incident>>();
  readonly actors = new Map<string, Loaded<Actor>>();
  constructor(incidents: Loaded<Incident>[], actors: Loaded<Actor>[]) {
    for (const item of incidents) this.upsertIncident(item);
    for (const item of actors) this.upsertActor(item);
  }
  upsertIncident(item: Loaded<Incident>): void {
    this.incidents.set(item.ok ? item.record.id : item.id, item);
  }
  removeIncident(id: string): void {
    this.incidents.delete(id);
  }
  upsertActor(item: Loaded<Actor>): void {
    this.actors.set(item.ok ? item.record.id : item.id, item);
  }
  removeActor(id: string): void {
    this.actors.delete(id);
  }
  titles(): string[] {
    return [...this.incidents.values()]
      .map((item) => (item.ok ? item.record.title : '(damaged)'))
      .sort();
  }
}

function body(title: string): IncidentBody {
  return { ...emptyIncidentBody(), title };
}

let counter = 0;
const open: Repository[] = [];
/** Every live index a test made, stopped after it. */
const live: Pick<LiveIncidentIndex<UpdatableIndex>, 'stop'>[] = [];

async function freshRepository(): Promise<Repository> {
  const repository = await openRepository({ name: `live-index-${Date.now()}-${counter++}` });
  open.push(repository);
  return repository;
}

function liveIndexOver(repository: Repository, recentLimit = 50): LiveIncidentIndex<MapIndex> {
  const index = new LiveIncidentIndex(repository, (i, a) => new MapIndex(i, a), {
    recentLimit,
    batchDelayMs: 1,
  });
  live.push(index);
  return index;
}

afterEach(() => {
  for (const index of live.splice(0)) index.stop();
  for (const repository of open.splice(0)) repository.close();
});

describe('LiveIncidentIndex', () => {
  it('shows the recent page first, then the full index', async () => {
    const repository = await freshRepository();
    await repository.createIncidents(['a', 'b', 'c', 'd', 'e'].map(body));
    const index = liveIndexOver(repository, 2);
    const phases: string[] = [];
    index.subscribe(() => {
      const snapshot = index.getSnapshot();
      phases.push(
        snapshot.phase === 'recent' || snapshot.phase === 'ready'
          ? `${snapshot.phase}:${snapshot.index.incidents.size}`
          : snapshot.phase,
      );
    });
    expect(index.getSnapshot().phase).toBe('loading');
    await index.start();
    expect(phases).toEqual(['recent:2', 'ready:5']);
  });

  it('applies creations, edits, deletions and actor changes after it is ready', async () => {
    const repository = await freshRepository();
    const kept = await repository.createIncident(body('kept'));
    const doomed = await repository.createIncident(body('doomed'));
    const index = liveIndexOver(repository);
    await index.start();

    await repository.createIncident(body('new'));
    await repository.updateIncident(kept.id, body('kept, edited'), kept.rev);
    await repository.deleteIncident(doomed.id);
    const actor = await repository.createActor({ ...emptyActorBody('person'), name: 'Бектур' });
    await index.settled();

    const snapshot = index.getSnapshot();
    if (snapshot.phase !== 'ready') throw new Error(`phase ${snapshot.phase}`);
    expect(snapshot.index.titles()).toEqual(['kept, edited', 'new']);
    expect(snapshot.index.actors.has(actor.id)).toBe(true);

    await repository.deleteActor(actor.id);
    await index.settled();
    expect(snapshot.index.actors.has(actor.id)).toBe(false);
  });

  it('publishes a new version after each batch so the list re-renders', async () => {
    const repository = await freshRepository();
    const index = liveIndexOver(repository);
    await index.start();
    const before = index.getSnapshot();
    await repository.createIncident(body('one'));
    await index.settled();
    const after = index.getSnapshot();
    expect(after).not.toBe(before);
    if (before.phase !== 'ready' || after.phase !== 'ready') throw new Error('not ready');
    expect(after.version).toBeGreaterThan(before.version);
  });

  it('keeps changes committed while the full index was being built', async () => {
    const repository = await freshRepository();
    await repository.createIncident(body('old'));
    const index = liveIndexOver(repository);
    const started = index.start();
    // Committed after start() subscribed but possibly before the full read.
    await repository.createIncident(body('during build'));
    await started;
    await index.settled();
    const snapshot = index.getSnapshot();
    if (snapshot.phase !== 'ready') throw new Error('not ready');
    expect(snapshot.index.titles()).toEqual(['during build', 'old']);
  });

  it('stops listening when stopped', async () => {
    const repository = await freshRepository();
    const index = liveIndexOver(repository);
    await index.start();
    const snapshot = index.getSnapshot();
    index.stop();
    await repository.createIncident(body('after stop'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (snapshot.phase !== 'ready') throw new Error('not ready');
    expect(snapshot.index.titles()).toEqual([]);
  });

  it('reports a failure to load instead of hanging', async () => {
    const repository = await freshRepository();
    const broken: Repository = {
      ...repository,
      listRecentIncidents: () => Promise.reject(new Error('disk unreadable')),
    };
    const index = liveIndexOver(broken);
    await index.start();
    expect(index.getSnapshot()).toEqual({ phase: 'failed', reason: 'disk unreadable' });
  });

  it('stays on the recent page during an asynchronous build and applies what was committed meanwhile', async () => {
    const repository = await freshRepository();
    await repository.createIncidents(['old 1', 'old 2', 'old 3'].map(body));
    let releaseFullBuild: () => void = () => undefined;
    let fullBuildStarted: () => void = () => undefined;
    const fullBuildReached = new Promise<void>((resolve) => (fullBuildStarted = resolve));
    let builds = 0;
    const index = new LiveIncidentIndex(
      repository,
      async (incidents, actors) => {
        builds += 1;
        if (builds === 2) {
          fullBuildStarted();
          await new Promise<void>((resolve) => (releaseFullBuild = resolve));
        }
        return new MapIndex(incidents, actors);
      },
      { recentLimit: 1, batchDelayMs: 1 },
    );
    live.push(index);
    const started = index.start();
    await fullBuildReached;

    // The full build has its records already: this one can only come from the queue.
    await repository.createIncident(body('during build'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(index.getSnapshot().phase).toBe('recent');

    releaseFullBuild();
    await started;
    await index.settled();
    const snapshot = index.getSnapshot();
    if (snapshot.phase !== 'ready') throw new Error(`phase ${snapshot.phase}`);
    expect(snapshot.index.titles()).toEqual(['during build', 'old 1', 'old 2', 'old 3']);
  });

  it('aborts an unfinished build when stopped, and publishes nothing after', async () => {
    const repository = await freshRepository();
    await repository.createIncidents(['a', 'b'].map(body));
    let fullBuildSignal: AbortSignal | null = null;
    let fullBuildStarted: () => void = () => undefined;
    const fullBuildReached = new Promise<void>((resolve) => (fullBuildStarted = resolve));
    let builds = 0;
    const index = new LiveIncidentIndex(
      repository,
      (incidents, actors, signal) => {
        builds += 1;
        if (builds === 1) return new MapIndex(incidents, actors);
        fullBuildSignal = signal;
        fullBuildStarted();
        return new Promise<MapIndex>((_, reject) => {
          signal.addEventListener('abort', () => reject(signal.reason as Error));
        });
      },
      { recentLimit: 1, batchDelayMs: 1 },
    );
    live.push(index);
    const started = index.start();
    await fullBuildReached;
    const phases: string[] = [];
    index.subscribe(() => phases.push(index.getSnapshot().phase));
    index.stop();
    await started;
    expect((fullBuildSignal as AbortSignal | null)?.aborted).toBe(true);
    expect(index.getSnapshot().phase).toBe('recent');
    expect(phases).toEqual([]);
  });

  it('works with the search index built in slices, changes during the build included', async () => {
    const repository = await freshRepository();
    await repository.createIncidents(['Марш 1', 'Марш 2', 'Марш 3', 'Марш 4', 'Марш 5'].map(body));
    let pauses = 0;
    let committed: Promise<unknown> | null = null;
    const index = new LiveIncidentIndex(
      repository,
      (incidents, actors, signal) =>
        IncidentIndex.buildInSlices(incidents, actors, {
          sliceSize: 2,
          signal,
          yieldToUi: () => {
            pauses += 1;
            committed ??= repository.createIncident(body('Марш во время сборки'));
            return new Promise((resolve) => setTimeout(resolve, 0));
          },
        }),
      { recentLimit: 2, batchDelayMs: 1 },
    );
    live.push(index);
    await index.start();
    await committed;
    await index.settled();
    const snapshot = index.getSnapshot();
    if (snapshot.phase !== 'ready') throw new Error(`phase ${snapshot.phase}`);
    expect(pauses).toBeGreaterThan(3);
    const titles = snapshot.index
      .search({ ...NO_FILTERS, text: 'марш' })
      .map((found) => found.title);
    expect(titles.sort()).toEqual([
      'Марш 1',
      'Марш 2',
      'Марш 3',
      'Марш 4',
      'Марш 5',
      'Марш во время сборки',
    ]);
  });
});
