/**
 * Hash routes of the renderer. Hash routing keeps the app a single file
 * loaded from disk (no server, no history API paths that a reload would lose).
 */
export type Route =
  | { name: 'incidents' }
  | { name: 'incident'; id: string }
  | { name: 'actors' }
  | { name: 'contacts' }
  | { name: 'exchange' }
  | { name: 'settings' };

/** Record ids are UUIDs; anything else in the address is not an id we made. */
const RECORD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads a location hash such as `#/incidents/<id>`; unknown addresses lead to the incident list. */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/^\/+/, '').replace(/\/+$/, '');
  const [section = '', id, ...rest] = path.split('/');
  if (rest.length > 0) return { name: 'incidents' };
  switch (section) {
    case 'incidents':
      if (id === undefined) return { name: 'incidents' };
      return RECORD_ID.test(id)
        ? { name: 'incident', id: id.toLowerCase() }
        : { name: 'incidents' };
    case 'actors':
      return id === undefined ? { name: 'actors' } : { name: 'incidents' };
    case 'contacts':
      return id === undefined ? { name: 'contacts' } : { name: 'incidents' };
    case 'exchange':
      return id === undefined ? { name: 'exchange' } : { name: 'incidents' };
    case 'settings':
      return id === undefined ? { name: 'settings' } : { name: 'incidents' };
    default:
      return { name: 'incidents' };
  }
}

export function routeToHash(route: Route): string {
  switch (route.name) {
    case 'incidents':
      return '#/incidents';
    case 'incident':
      return `#/incidents/${route.id}`;
    case 'actors':
      return '#/actors';
    case 'contacts':
      return '#/contacts';
    case 'exchange':
      return '#/exchange';
    case 'settings':
      return '#/settings';
  }
}

/** The navigation section a route belongs to (an open incident is still under "Incidents"). */
export function sectionOf(
  route: Route,
): 'incidents' | 'actors' | 'contacts' | 'exchange' | 'settings' {
  return route.name === 'incident' ? 'incidents' : route.name;
}
