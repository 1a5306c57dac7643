import type { Actor } from '../../domain/actor';
import type { Incident } from '../../domain/incident';
import { foldForSearch } from '../../domain/text-fold';

/**
 * Separates fields in a folded haystack. Folded text holds only letters,
 * digits and single spaces, so no search term can contain it and a term never
 * matches across two fields.
 */
export const FIELD_SEPARATOR = '|';

function foldFields(fields: readonly string[]): string {
  const folded: string[] = [];
  for (const field of fields) {
    const f = foldForSearch(field);
    if (f) folded.push(f);
  }
  return folded.join(FIELD_SEPARATOR);
}

/**
 * The folded text an incident itself contributes to search. Region labels are
 * left out on purpose: they differ per UI language, and regions are found
 * through the region filter.
 */
export function incidentOwnSearchText(incident: Incident): string {
  const fields: string[] = [
    incident.title,
    incident.summary,
    incident.notes,
    incident.location.settlement,
    incident.location.place,
  ];
  for (const victim of incident.victims) fields.push(victim.note);
  for (const group of incident.groups) fields.push(group.description);
  for (const perpetrator of incident.perpetrators) fields.push(perpetrator.description);
  for (const proceeding of incident.proceedings) {
    fields.push(
      proceeding.court,
      proceeding.caseNumber,
      proceeding.charges,
      proceeding.sentence,
      proceeding.note,
    );
  }
  for (const source of incident.sources) fields.push(source.reference);
  return foldFields(fields);
}

/** The actors an incident links to, as victims or as named perpetrators. */
export function linkedActorIds(incident: Incident): Set<string> {
  const ids = new Set<string>();
  for (const victim of incident.victims) ids.add(victim.actorId);
  for (const perpetrator of incident.perpetrators) {
    if (perpetrator.actorId) ids.add(perpetrator.actorId);
  }
  return ids;
}

/** An actor's name and every spelling of it, folded. */
export function actorSearchText(actor: Actor): string {
  return foldFields([actor.name, ...actor.nameVariants]);
}

/** Deep enough for any incident record; stops runaway recursion on a hostile value. */
const MAX_RAW_DEPTH = 12;

function collectLeaves(value: unknown, depth: number, into: string[]): void {
  if (typeof value === 'string') into.push(value);
  else if (typeof value === 'number' || typeof value === 'boolean') into.push(String(value));
  else if (value !== null && typeof value === 'object' && depth < MAX_RAW_DEPTH) {
    for (const child of Object.values(value)) collectLeaves(child, depth + 1, into);
  }
}

/**
 * A damaged record is searched in every value its raw stored JSON still holds
 * (not the key names, so "title" does not match every damaged record).
 */
export function rawSearchText(raw: unknown): string {
  const leaves: string[] = [];
  collectLeaves(raw, 0, leaves);
  return foldFields(leaves);
}
