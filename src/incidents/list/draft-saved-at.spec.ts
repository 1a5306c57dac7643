import { describe, expect, it } from 'vitest';
import { draftSavedAtWallTime } from './draft-saved-at';

describe('draftSavedAtWallTime', () => {
  it('shows the time of day in Bishkek (UTC+6) for a draft saved late in the UTC evening', () => {
    const wall = draftSavedAtWallTime('2026-11-28T20:15:00.000Z', () => -360);
    expect(wall?.toISOString()).toBe('2026-11-29T02:15:00.000Z');
  });

  it('leaves a UTC timestamp as it is where the clock is on UTC', () => {
    const wall = draftSavedAtWallTime('2026-11-28T20:15:00.000Z', () => 0);
    expect(wall?.toISOString()).toBe('2026-11-28T20:15:00.000Z');
  });

  it('asks for the offset at the moment the draft was saved (summer time elsewhere)', () => {
    const asked: string[] = [];
    draftSavedAtWallTime('2026-07-01T10:00:00.000Z', (instant) => {
      asked.push(instant.toISOString());
      return -120;
    });
    expect(asked).toEqual(['2026-07-01T10:00:00.000Z']);
  });

  it('uses the local clock by default', () => {
    const saved = new Date('2026-11-28T20:15:00.000Z');
    const wall = draftSavedAtWallTime(saved.toISOString());
    expect(wall?.getUTCHours()).toBe(saved.getHours());
    expect(wall?.getUTCDate()).toBe(saved.getDate());
  });

  it('gives null for a timestamp that cannot be read', () => {
    expect(draftSavedAtWallTime('now')).toBeNull();
    expect(draftSavedAtWallTime('')).toBeNull();
  });
});
