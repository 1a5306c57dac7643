import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AutosaveScheduler, type AutosaveState } from './autosave';

interface Form {
  title: string;
}

function setup(options: { commitFails?: () => unknown } = {}) {
  const log: string[] = [];
  const states: AutosaveState['kind'][] = [];
  const scheduler = new AutosaveScheduler<Form>({
    saveDraft: async (form) => {
      log.push(`draft:${form.title}`);
    },
    commit: async (form) => {
      const failure = options.commitFails?.();
      if (failure) throw failure;
      log.push(`commit:${form.title}`);
    },
    deleteDraft: async () => {
      log.push('delete-draft');
    },
    isValid: (form) => form.title.trim() !== '',
    onState: (state) => states.push(state.kind),
  });
  return { scheduler, log, states };
}

describe('AutosaveScheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes a draft within 300 ms of a change, valid or not', async () => {
    const { scheduler, log } = setup();
    scheduler.change({ title: '' });
    await vi.advanceTimersByTimeAsync(299);
    expect(log).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(log).toEqual(['draft:']);
  });

  it('keeps drafting while the user types without a pause', async () => {
    const { scheduler, log } = setup();
    for (let i = 1; i <= 10; i += 1) {
      scheduler.change({ title: `t${i}` });
      await vi.advanceTimersByTimeAsync(100);
    }
    // 1 s of continuous typing: drafts at most 300 ms apart, no commit yet.
    expect(log).toEqual(['draft:t3', 'draft:t6', 'draft:t9']);
  });

  it('commits a valid form after 1 s idle and then deletes the draft', async () => {
    const { scheduler, log, states } = setup();
    scheduler.change({ title: 'March' });
    await vi.advanceTimersByTimeAsync(999);
    expect(log).toEqual(['draft:March']);
    await vi.advanceTimersByTimeAsync(1);
    expect(log).toEqual(['draft:March', 'commit:March', 'delete-draft']);
    expect(states.at(-1)).toBe('saved');
    expect(scheduler.hasUncommittedChanges).toBe(false);
  });

  it('never commits an invalid form; the draft stays', async () => {
    const { scheduler, log, states } = setup();
    scheduler.change({ title: '  ' });
    await vi.advanceTimersByTimeAsync(5000);
    expect(log).toEqual(['draft:  ']);
    expect(states.at(-1)).toBe('invalid');
    expect(await scheduler.flush()).toBe(false);
    expect(log).toEqual(['draft:  ']);
  });

  it('reports a draft that could not be written as failed, not merely invalid', async () => {
    const states: AutosaveState['kind'][] = [];
    const scheduler = new AutosaveScheduler<Form>({
      saveDraft: () => Promise.reject(new Error('disk full')),
      commit: async () => {},
      deleteDraft: async () => {},
      isValid: (form) => form.title.trim() !== '',
      onState: (state) => states.push(state.kind),
    });
    // An invalid form is kept only by its draft: "invalid" would tell the user it is kept.
    scheduler.change({ title: '' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(states.at(-1)).toBe('failed');
    expect(await scheduler.flush()).toBe(false);
    expect(states.at(-1)).toBe('failed');
  });

  it('says whether the draft holds the typing when a save fails', async () => {
    const reported: AutosaveState[] = [];
    let draftFails = true;
    const scheduler = new AutosaveScheduler<Form>({
      saveDraft: () => (draftFails ? Promise.reject(new Error('disk full')) : Promise.resolve()),
      commit: () => Promise.reject(new Error('disk full')),
      deleteDraft: async () => {},
      isValid: (form) => form.title.trim() !== '',
      onState: (state) => reported.push(state),
    });
    // Neither the record nor the draft could be written: nothing typed is kept.
    scheduler.change({ title: 'A' });
    expect(await scheduler.flush()).toBe(false);
    expect(reported.at(-1)).toMatchObject({ kind: 'failed', draftKept: false });
    // The disk recovers for drafts only: the commit still fails, but the typing is kept.
    draftFails = false;
    scheduler.change({ title: 'AB' });
    expect(await scheduler.flush()).toBe(false);
    expect(reported.at(-1)).toMatchObject({ kind: 'failed', draftKept: true });
  });

  it('saves at once on flush (Ctrl+S)', async () => {
    const { scheduler, log } = setup();
    scheduler.change({ title: 'Now' });
    expect(await scheduler.flush()).toBe(true);
    expect(log).toEqual(['draft:Now', 'commit:Now', 'delete-draft']);
    await vi.advanceTimersByTimeAsync(5000);
    expect(log).toHaveLength(3);
  });

  it('keeps the draft and reports a failed commit, retrying only on flush', async () => {
    let fail = true;
    const { scheduler, log, states } = setup({
      commitFails: () => (fail ? new Error('stale') : null),
    });
    scheduler.change({ title: 'A' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(log).toEqual(['draft:A']);
    expect(states.at(-1)).toBe('failed');
    scheduler.change({ title: 'AB' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(log).toEqual(['draft:A', 'draft:AB']);
    expect(states.at(-1)).toBe('failed');
    fail = false;
    expect(await scheduler.flush()).toBe(true);
    expect(log.slice(-2)).toEqual(['commit:AB', 'delete-draft']);
  });

  it('does not delete a draft newer than the commit that just finished', async () => {
    const log: string[] = [];
    let releaseCommit: () => void = () => {};
    const scheduler = new AutosaveScheduler<Form>({
      saveDraft: async (form) => {
        log.push(`draft:${form.title}`);
      },
      commit: (form) =>
        new Promise<void>((resolve) => {
          log.push(`commit-start:${form.title}`);
          releaseCommit = resolve;
        }),
      deleteDraft: async () => {
        log.push('delete-draft');
      },
      isValid: () => true,
      onState: () => {},
    });
    scheduler.change({ title: 'v1' });
    await vi.advanceTimersByTimeAsync(1000);
    scheduler.change({ title: 'v2' });
    releaseCommit();
    await vi.advanceTimersByTimeAsync(300);
    expect(log).toEqual(['draft:v1', 'commit-start:v1', 'draft:v2']);
    expect(scheduler.hasUncommittedChanges).toBe(true);
  });

  it('forgets pending changes on reset', async () => {
    const { scheduler, log } = setup();
    scheduler.change({ title: 'typo' });
    scheduler.reset();
    await vi.advanceTimersByTimeAsync(5000);
    expect(log).toEqual([]);
    expect(scheduler.hasUncommittedChanges).toBe(false);
  });
});
