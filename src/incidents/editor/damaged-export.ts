import type { Loaded } from '../../db/repository-types';

type Damaged = Extract<Loaded<unknown>, { ok: false }>;

/** A file name that says what it is and cannot collide with another export of the same record. */
export function damagedExportName(kind: 'incident' | 'actor', damaged: Damaged): string {
  const safeId = damaged.id.replace(/[^A-Za-z0-9-]/g, '_').slice(0, 60) || 'unknown';
  return `depter-${kind}-${safeId}-rev${damaged.rev}-damaged.json`;
}

/**
 * The export: the raw stored value exactly as read, with what was wrong with
 * it, so a technician or a newer Depter can recover it.
 */
export function damagedExportContent(kind: 'incident' | 'actor', damaged: Damaged): string {
  return `${JSON.stringify(
    {
      format: 'depter-damaged-record',
      kind,
      id: damaged.id,
      rev: damaged.rev,
      updatedAt: damaged.updatedAt,
      problems: damaged.problems,
      raw: damaged.raw,
    },
    null,
    2,
  )}\n`;
}
