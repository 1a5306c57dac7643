import { describe, expect, it } from 'vitest';
import { parseRoute, routeToHash, sectionOf, type Route } from './routes';

const ID = '01936f4e-8a2b-7c3d-9e4f-0123456789ab';

describe('parseRoute', () => {
  it('opens the incident list for an empty or root address', () => {
    expect(parseRoute('')).toEqual({ name: 'incidents' });
    expect(parseRoute('#')).toEqual({ name: 'incidents' });
    expect(parseRoute('#/')).toEqual({ name: 'incidents' });
  });

  it('reads each section', () => {
    expect(parseRoute('#/incidents')).toEqual({ name: 'incidents' });
    expect(parseRoute('#/actors')).toEqual({ name: 'actors' });
    expect(parseRoute('#/contacts')).toEqual({ name: 'contacts' });
    expect(parseRoute('#/contacts/')).toEqual({ name: 'contacts' });
    expect(parseRoute('#/exchange')).toEqual({ name: 'exchange' });
    expect(parseRoute('#/settings')).toEqual({ name: 'settings' });
    expect(parseRoute('#/settings/')).toEqual({ name: 'settings' });
  });

  it('reads an incident id and normalises its case', () => {
    expect(parseRoute(`#/incidents/${ID}`)).toEqual({ name: 'incident', id: ID });
    expect(parseRoute(`#/incidents/${ID.toUpperCase()}`)).toEqual({ name: 'incident', id: ID });
  });

  it('falls back to the list for anything it does not know', () => {
    expect(parseRoute('#/incidents/not-an-id')).toEqual({ name: 'incidents' });
    expect(parseRoute(`#/incidents/${ID}/extra`)).toEqual({ name: 'incidents' });
    expect(parseRoute('#/settings/secret')).toEqual({ name: 'incidents' });
    expect(parseRoute(`#/contacts/${ID}`)).toEqual({ name: 'incidents' });
    expect(parseRoute('#/exchange/import')).toEqual({ name: 'incidents' });
    expect(parseRoute('#/Contacts')).toEqual({ name: 'incidents' });
    expect(parseRoute('#/../../etc')).toEqual({ name: 'incidents' });
    expect(parseRoute('#/unknown')).toEqual({ name: 'incidents' });
  });
});

describe('routeToHash', () => {
  it('round-trips through parseRoute', () => {
    const routes: Route[] = [
      { name: 'incidents' },
      { name: 'incident', id: ID },
      { name: 'actors' },
      { name: 'contacts' },
      { name: 'exchange' },
      { name: 'settings' },
    ];
    for (const route of routes) expect(parseRoute(routeToHash(route))).toEqual(route);
  });
});

describe('sectionOf', () => {
  it('keeps an open incident under the incidents section', () => {
    expect(sectionOf({ name: 'incident', id: ID })).toBe('incidents');
    expect(sectionOf({ name: 'settings' })).toBe('settings');
    expect(sectionOf({ name: 'contacts' })).toBe('contacts');
    expect(sectionOf({ name: 'exchange' })).toBe('exchange');
  });
});
