import { describe, expect, it } from 'vitest';
import { decideDraft } from './draft-decision';

const record = { rev: 2, updatedAt: '2026-11-28T19:00:00.000Z' };

describe('decideDraft', () => {
  it('starts from the record when there is no draft', () => {
    expect(decideDraft(record, undefined, false)).toBe('none');
    expect(decideDraft(undefined, undefined, false)).toBe('none');
  });

  it('restores a draft of a record never saved', () => {
    expect(decideDraft(undefined, { baseRev: 0, savedAt: '2026-11-28T18:00:00.000Z' }, true)).toBe(
      'restore',
    );
  });

  it('of a draft based on an older rev, restores one written after the record, drops one written before', () => {
    const older = { baseRev: 1 };
    expect(decideDraft(record, { ...older, savedAt: '2026-11-28T19:00:00.500Z' }, true)).toBe(
      'restore',
    );
    expect(decideDraft(record, { ...older, savedAt: '2026-11-28T18:59:59.999Z' }, true)).toBe(
      'delete',
    );
    expect(decideDraft(record, { ...older, savedAt: record.updatedAt }, true)).toBe('delete');
  });

  it('restores a draft based on the stored rev even when the clock went back since the commit', () => {
    expect(decideDraft(record, { baseRev: 2, savedAt: '2026-11-28T18:58:00.000Z' }, true)).toBe(
      'restore',
    );
  });

  it('never deletes a draft it cannot read', () => {
    expect(decideDraft(record, { baseRev: 1, savedAt: '2020-01-01T00:00:00.000Z' }, false)).toBe(
      'keep',
    );
  });
});
