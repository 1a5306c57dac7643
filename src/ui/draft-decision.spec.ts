import { describe, expect, it } from 'vitest';
import { decideDraft } from './draft-decision';

const record = { updatedAt: '2026-11-28T19:00:00.000Z' };

describe('decideDraft', () => {
  it('starts from the record when there is no draft', () => {
    expect(decideDraft(record, undefined, false)).toBe('none');
    expect(decideDraft(undefined, undefined, false)).toBe('none');
  });

  it('restores a draft of a record never saved', () => {
    expect(decideDraft(undefined, { savedAt: '2026-11-28T18:00:00.000Z' }, true)).toBe('restore');
  });

  it('restores a draft written after the record, drops one written before', () => {
    expect(decideDraft(record, { savedAt: '2026-11-28T19:00:00.500Z' }, true)).toBe('restore');
    expect(decideDraft(record, { savedAt: '2026-11-28T18:59:59.999Z' }, true)).toBe('delete');
    expect(decideDraft(record, { savedAt: record.updatedAt }, true)).toBe('delete');
  });

  it('never deletes a draft it cannot read', () => {
    expect(decideDraft(record, { savedAt: '2020-01-01T00:00:00.000Z' }, false)).toBe('keep');
  });
});
