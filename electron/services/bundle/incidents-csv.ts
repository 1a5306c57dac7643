import enVocab from '../../../locales/en/vocab.json' with { type: 'json' };
import kyVocab from '../../../locales/ky/vocab.json' with { type: 'json' };
import ruVocab from '../../../locales/ru/vocab.json' with { type: 'json' };
import type { ActorLine, IncidentLine } from './records';
import { Utf8Batches } from './utf8-batches';

/**
 * incidents.csv: one row per live incident, for spreadsheets and Uwazi's CSV
 * import. UTF-8 with a byte-order mark (without it Excel shows Cyrillic as
 * mojibake), CRLF line ends and RFC 4180 quoting. Several values in one cell
 * are joined by `|`; a `|` inside a value becomes `｜` (U+FF5C) so the split
 * is unambiguous (incidents.jsonl keeps the original). Vocabulary columns
 * hold ids; the `*_label` column beside each holds the labels in the
 * language the sender chose. Free-text cells that a spreadsheet would run as
 * a formula (starting with = + - @ or a tab/CR) get a leading apostrophe.
 */

export type CsvLanguage = 'ky' | 'ru' | 'en';

type VocabFile = Record<string, Record<string, string>>;
const VOCABULARY_LABELS: Record<CsvLanguage, VocabFile> = {
  en: enVocab as VocabFile,
  ky: kyVocab as VocabFile,
  ru: ruVocab as VocabFile,
};

export const CSV_COLUMNS = [
  'id',
  'rev',
  'updated_at',
  'updated_by',
  'title',
  'summary',
  'categories',
  'categories_label',
  'violations',
  'violations_label',
  'date_precision',
  'date_start',
  'date_end',
  'region',
  'region_label',
  'settlement',
  'place',
  'latitude',
  'longitude',
  'victims',
  'victim_roles',
  'victim_actor_ids',
  'groups',
  'perpetrators',
  'perpetrators_label',
  'courts',
  'case_numbers',
  'charges',
  'sentences',
  'fines',
  'sources',
  'source_types',
  'confidentiality',
  'status',
  'evidence_sha256',
  'notes',
] as const;

const BOM = '\ufeff';
const MULTI_SEPARATOR = '|';

export function incidentsCsv(
  incidents: readonly IncidentLine[],
  actors: readonly ActorLine[],
  evidenceShaById: ReadonlyMap<string, string>,
  language: CsvLanguage,
): Buffer {
  const writer = new CsvWriter(actors, evidenceShaById, language);
  for (const incident of incidents) writer.add(incident);
  return writer.finish();
}

type LiveIncident = Extract<IncidentLine, { deleted: false }>;

/** incidents.csv built row by row, as the incidents are checked. */
export class CsvWriter {
  private readonly label: (vocabulary: string, id: string) => string;
  private readonly actorName = new Map<string, string>();
  private readonly text = new Utf8Batches(BOM + CSV_COLUMNS.map(quote).join(',') + '\r\n');

  constructor(
    actors: readonly ActorLine[],
    private readonly evidenceShaById: ReadonlyMap<string, string>,
    language: CsvLanguage,
  ) {
    const vocab = VOCABULARY_LABELS[language];
    this.label = (vocabulary, id) => vocab[vocabulary]?.[id] ?? id;
    for (const actor of actors) if (!actor.deleted) this.actorName.set(actor.id, actor.name);
  }

  add(incident: IncidentLine): void {
    if (incident.deleted) return;
    const row = this.cells(incident);
    this.text.append(CSV_COLUMNS.map((column) => quote(row[column])).join(',') + '\r\n');
  }

  finish(): Buffer {
    return this.text.finish();
  }

  private cells(incident: LiveIncident): Record<(typeof CSV_COLUMNS)[number], string> {
    const { label, actorName, evidenceShaById } = this;
    const text = (value: string): string => defuseFormula(value);
    const many = (values: readonly string[]): string =>
      values.map((value) => value.replaceAll(MULTI_SEPARATOR, '\uff5c')).join(MULTI_SEPARATOR);
    const manyText = (values: readonly string[]): string => many(values.map(defuseFormula));
    return {
      id: incident.id,
      rev: String(incident.rev),
      updated_at: incident.updatedAt,
      updated_by: incident.updatedBy,
      title: text(incident.title),
      summary: text(incident.summary),
      categories: many(incident.categories),
      categories_label: many(incident.categories.map((id) => label('category', id))),
      violations: many(incident.violations),
      violations_label: many(incident.violations.map((id) => label('violation', id))),
      date_precision: incident.date.precision,
      date_start: incident.date.start,
      date_end: incident.date.end,
      region: incident.location.region,
      region_label: incident.location.region ? label('region', incident.location.region) : '',
      settlement: text(incident.location.settlement),
      place: text(incident.location.place),
      latitude: incident.location.coordinates ? String(incident.location.coordinates.lat) : '',
      longitude: incident.location.coordinates ? String(incident.location.coordinates.lon) : '',
      victims: manyText(incident.victims.map((v) => actorName.get(v.actorId) ?? v.actorId)),
      victim_roles: many(incident.victims.map((v) => v.role)),
      victim_actor_ids: many(incident.victims.map((v) => v.actorId)),
      groups: many(incident.groups.map((g) => `${g.count} ${g.outcome}`)),
      perpetrators: many(incident.perpetrators.map((p) => p.type)),
      perpetrators_label: many(incident.perpetrators.map((p) => label('perpetrator', p.type))),
      courts: manyText(incident.proceedings.map((p) => p.court)),
      case_numbers: manyText(incident.proceedings.map((p) => p.caseNumber)),
      charges: manyText(incident.proceedings.map((p) => p.charges)),
      sentences: manyText(incident.proceedings.map((p) => p.sentence)),
      fines: many(
        incident.proceedings.map((p) => (p.money ? `${p.money.amount} ${p.money.currency}` : '')),
      ),
      sources: manyText(incident.sources.map((s) => s.reference)),
      source_types: many(incident.sources.map((s) => s.type)),
      confidentiality: incident.confidentiality,
      status: incident.status,
      evidence_sha256: many(incident.evidenceIds.map((id) => evidenceShaById.get(id) ?? id)),
      notes: text(incident.notes),
    };
  }
}

function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

function defuseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * RFC 4180 parser (leading BOM skipped, CRLF or LF), for tests and for
 * partners' scripts written against the same rules.
 */
export function parseCsv(text: string): string[][] {
  const input = text.startsWith(BOM) ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let index = 0;
  let quoted = false;
  while (index < input.length) {
    const char = input[index]!;
    if (quoted) {
      if (char === '"' && input[index + 1] === '"') {
        cell += '"';
        index += 2;
        continue;
      }
      if (char === '"') quoted = false;
      else cell += char;
      index += 1;
      continue;
    }
    if (char === '"' && cell === '') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\n' || (char === '\r' && input[index + 1] === '\n')) {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      if (char === '\r') index += 1;
    } else cell += char;
    index += 1;
  }
  if (quoted) throw new SyntaxError('CSV ends inside a quoted cell');
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
