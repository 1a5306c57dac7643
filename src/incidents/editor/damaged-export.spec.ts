import { describe, expect, it } from 'vitest';
import { apiContract } from '../../domain/api';
import { damagedExportContent, damagedExportName } from './damaged-export';

const damaged = {
  ok: false as const,
  id: '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b',
  rev: 3,
  updatedAt: '2026-11-28T19:00:00.000Z',
  raw: { title: 42, nested: { keep: 'всё как было' } },
  problems: ['title: expected string'],
};

describe('damaged record export', () => {
  it('suggests a file name the save dialog accepts', () => {
    const name = damagedExportName('incident', damaged);
    expect(name).toBe('depter-incident-0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b-rev3-damaged.json');
    expect(
      apiContract.saveTextFile.input.safeParse({ suggestedName: name, content: '' }).success,
    ).toBe(true);
  });

  it('cannot be turned into a path by a hostile id', () => {
    const name = damagedExportName('actor', { ...damaged, id: '../../etc/passwd' });
    expect(name).not.toMatch(/[/\\]/);
    expect(
      apiContract.saveTextFile.input.safeParse({ suggestedName: name, content: '' }).success,
    ).toBe(true);
  });

  it('keeps the raw value exactly and lists the problems', () => {
    const parsed = JSON.parse(damagedExportContent('incident', damaged)) as Record<string, unknown>;
    expect(parsed.raw).toEqual(damaged.raw);
    expect(parsed.problems).toEqual(damaged.problems);
    expect(parsed.id).toBe(damaged.id);
  });
});
