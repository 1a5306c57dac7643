import { useCallback, useSyncExternalStore } from 'react';
import { parseRoute, routeToHash, type Route } from './routes';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

function currentHash(): string {
  return window.location.hash;
}

/** The current route from `location.hash`, and a function to go to another. */
export function useHashRoute(): [Route, (route: Route) => void] {
  const hash = useSyncExternalStore(subscribe, currentHash, () => '');
  const route = parseRoute(hash);
  const navigate = useCallback((next: Route) => {
    const target = routeToHash(next);
    if (window.location.hash !== target) window.location.hash = target;
  }, []);
  return [route, navigate];
}
