import type { DepterApi } from '../domain/api';

/** `window.depter` from the preload, or null where it is absent (a plain browser, a unit test). */
export function depterApi(): DepterApi | null {
  const bridge = (globalThis as { depter?: DepterApi }).depter;
  return bridge ?? null;
}
