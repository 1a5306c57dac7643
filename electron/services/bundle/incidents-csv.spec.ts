import { describe, expect, it } from 'vitest';
import { newId } from '../../../src/domain/ids';
import { emptyIncidentBody } from '../../../src/domain/incident';
import { CSV_COLUMNS, incidentsCsv, parseCsv } from './incidents-csv';
import { incidentLineSchema, type IncidentLine } from './records';

function incident(changes: Record<string, unknown>): IncidentLine {
  return incidentLineSchema.parse({
    id: newId(),
    rev: 2,
    updatedAt: '2026-11-29T10:00:00.000Z',
    updatedBy: 'device',
    changeSeq: 4,
    deleted: false,
    ...emptyIncidentBody(),
    title: 'x',
    ...changes,
  });
}

function rowsOf(buffer: Buffer): Record<string, string>[] {
  const text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  const [header, ...rows] = parseCsv(text);
  expect(header).toEqual([...CSV_COLUMNS]);
  return rows.map((row) => Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, row[i]!])));
}

describe('incidents.csv', () => {
  it('starts with a BOM, ends rows with CRLF and parses back cell for cell', () => {
    const tricky = 'Line one\r\nline two, "quoted" and ; semicolon';
    const buffer = incidentsCsv(
      [incident({ title: tricky, notes: 'Ош\nБишкек' })],
      [],
      new Map(),
      'ru',
    );
    expect([...buffer.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(buffer.toString('utf8').endsWith('\r\n')).toBe(true);
    const [row] = rowsOf(buffer);
    expect(row!.title).toBe(tricky);
    expect(row!.notes).toBe('Ош\nБишкек');
  });

  it('joins multiple values with | and writes labels in the chosen language', () => {
    const buffer = incidentsCsv(
      [incident({ categories: ['assembly', 'expression'], location: { region: 'osh_city' } })],
      [],
      new Map(),
      'ru',
    );
    const [row] = rowsOf(buffer);
    expect(row!.categories).toBe('assembly|expression');
    expect(row!.categories_label!.split('|')).toHaveLength(2);
    expect(row!.region_label).toBe('г. Ош');
  });

  it('replaces | inside one of several values, keeps it in single values, defuses formulas', () => {
    const buffer = incidentsCsv(
      [
        incident({
          title: 'a|b',
          summary: '+7 996 555',
          proceedings: [{ court: '=HYPERLINK("x")', caseNumber: '1|2' }],
        }),
      ],
      [],
      new Map(),
      'en',
    );
    const [row] = rowsOf(buffer);
    expect(row!.title).toBe('a|b');
    expect(row!.summary).toBe("'+7 996 555");
    expect(row!.courts).toBe('\'=HYPERLINK("x")');
    expect(row!.case_numbers).toBe('1｜2');
  });

  it('leaves out tombstones and names victims by their actor record', () => {
    const actorId = newId();
    const live = incident({ victims: [{ actorId, role: 'journalist' }] });
    const tombstone = incidentLineSchema.parse({
      id: newId(),
      rev: 3,
      updatedAt: '2026-11-29T10:00:00.000Z',
      updatedBy: 'device',
      changeSeq: 5,
      deleted: true,
    });
    const actor = {
      id: actorId,
      rev: 1,
      updatedAt: '2026-11-29T10:00:00.000Z',
      updatedBy: 'device',
      changeSeq: 1,
      deleted: false as const,
      kind: 'person' as const,
      name: 'Болот Темиров',
      nameVariants: [],
      defaultRole: null,
      affiliation: '',
      description: '',
      notes: '',
    };
    const rows = rowsOf(incidentsCsv([live, tombstone], [actor], new Map(), 'ky'));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.victims).toBe('Болот Темиров');
    expect(rows[0]!.victim_roles).toBe('journalist');
  });

  it('the parser refuses an unterminated quote', () => {
    expect(() => parseCsv('"a,b\r\n')).toThrow(SyntaxError);
  });

  it('stays whole across many UTF-8 batches of Cyrillic and quoted cells', () => {
    const incidents = Array.from({ length: 1_500 }, (_, n) =>
      incident({ title: `Задержание №${n}, "Ош"`, notes: '=1+1\r\nкыргызча' }),
    );
    const buffer = incidentsCsv(incidents, [], new Map(), 'ru');
    expect(buffer.length).toBeGreaterThan(4 * 64 * 1024);
    const rows = rowsOf(buffer);
    expect(rows).toHaveLength(1_500);
    rows.forEach((row, n) => {
      expect(row.title).toBe(`Задержание №${n}, "Ош"`);
      expect(row.notes).toBe("'=1+1\r\nкыргызча");
    });
  });
});
