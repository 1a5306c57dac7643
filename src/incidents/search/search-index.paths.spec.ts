import { describe, expect, it } from 'vitest';
import type { Incident } from '../../domain/incident';
import { REGION_IDS, regionMatches } from '../../domain/regions';
import { foldedTerms } from '../../domain/text-fold';
import { eventDateInterval, partialDateBounds } from './date-interval';
import { generateActors, generateIncidents } from './generated-incidents';
import { IncidentIndex, NO_FILTERS, type IncidentFilters } from './search-index';
import { actorSearchText, incidentOwnSearchText } from './search-text';
import { loaded } from './test-fixtures';

/**
 * The index picks a different strategy by how common a term is (check every
 * record, mark candidates in list order, or sort a few candidates). Whatever
 * it picks, the answer must equal a plain scan written without any of its
 * machinery.
 */
const actors = generateActors(300, 7);
const incidents = generateIncidents(3_000, actors, 8);
const actorText = new Map(actors.map((a) => [a.id, actorSearchText(a)]));

function bruteForce(filters: IncidentFilters): string[] {
  const terms = foldedTerms(filters.text);
  const from = partialDateBounds(filters.dateFrom)?.from ?? '';
  const to = partialDateBounds(filters.dateTo)?.to ?? '';
  const hits = incidents.filter((incident) => {
    const text = [
      incidentOwnSearchText(incident),
      ...incident.victims.map((v) => actorText.get(v.actorId) ?? ''),
    ].join('|');
    if (!terms.every((term) => text.includes(term))) return false;
    if (
      filters.categories.length &&
      !incident.categories.some((c) => filters.categories.includes(c))
    )
      return false;
    if (
      filters.violations.length &&
      !incident.violations.some((v) => filters.violations.includes(v))
    )
      return false;
    if (filters.statuses.length && !filters.statuses.includes(incident.status)) return false;
    if (
      filters.regions.length &&
      !filters.regions.some((r) => regionMatches(r, incident.location.region))
    )
      return false;
    if (from || to) {
      const interval = eventDateInterval(incident.date);
      if (!interval || (from && interval.to < from) || (to && interval.from > to)) return false;
    }
    return true;
  });
  const byListOrder = (a: Incident, b: Incident) =>
    b.date.start.localeCompare(a.date.start) ||
    b.updatedAt.localeCompare(a.updatedAt) ||
    a.id.localeCompare(b.id);
  return hits.sort(byListOrder).map((i) => i.id);
}

const index = IncidentIndex.build(incidents.map(loaded), actors.map(loaded));
const search = (patch: Partial<IncidentFilters>) =>
  index.search({ ...NO_FILTERS, ...patch }).map((s) => s.id);

describe('IncidentIndex search strategies agree with a plain scan', () => {
  it.each([
    ['a term in nearly every record', { text: 'a' }],
    ['a common name', { text: 'Japarov' }],
    ['the same name in Cyrillic', { text: 'жапаров' }],
    ['a rare number', { text: '№42' }],
    ['two terms', { text: 'разгон Manas' }],
    ['a common and a rare term', { text: 'a 1234' }],
    ['a term found nowhere', { text: 'qqqqq' }],
    [
      'text with filters',
      { text: 'Tekebayev', violations: ['detention', 'fine'], statuses: ['draft'] },
    ],
    ['categories and statuses', { categories: ['assembly', 'other'], statuses: ['verified'] }],
    [
      'an oblast and a period',
      { regions: ['chuy_oblast'], dateFrom: '2017-01-01', dateTo: '2017-12-31' },
    ],
    ['a month given as the bounds', { dateFrom: '2015-06', dateTo: '2015-06' }],
    ['an open-ended period', { dateFrom: '2023-11-15' }],
  ] as [string, Partial<IncidentFilters>][])('%s', (_, patch) => {
    const expected = bruteForce({ ...NO_FILTERS, ...patch });
    expect(search(patch)).toEqual(expected);
  });

  it('matches regionMatches for every region filter and every incident region', () => {
    for (const filterId of REGION_IDS) {
      const expected = incidents.filter((i) => regionMatches(filterId, i.location.region)).length;
      expect(search({ regions: [filterId] }), filterId).toHaveLength(expected);
    }
  });

  it('stays right after many edits (stale word postings are never returned)', () => {
    const edited = IncidentIndex.build(incidents.slice(0, 200).map(loaded), actors.map(loaded));
    const first = incidents[0] as Incident;
    for (let rev = 2; rev < 400; rev++) {
      edited.upsertIncident(
        loaded({ ...first, rev, title: `Черновик ${rev} ${rev % 2 ? 'Бишкек' : 'Ош'}` }),
      );
    }
    expect(edited.size).toBe(200);
    expect(edited.search({ ...NO_FILTERS, text: 'Черновик 399 Бишкек' }).map((s) => s.id)).toEqual([
      first.id,
    ]);
    expect(edited.search({ ...NO_FILTERS, text: 'Черновик 398' })).toEqual([]);
  });
});
