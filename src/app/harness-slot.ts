import type { Repository } from '../db/repository-types';

/**
 * The end-to-end harness (tests/e2e) creates `window.__depterHarness__` in
 * an init script before the app loads, so a scenario can drive the page's
 * own repository (an import built in the test, for instance). The app only
 * fills a slot that already exists and never creates it: in the installed
 * app nothing defines it, so nothing is exposed.
 */
export interface HarnessSlot {
  repository?: Repository;
}

export const HARNESS_SLOT = '__depterHarness__';

export function offerToHarness(repository: Repository): void {
  const slot: unknown = Reflect.get(window, HARNESS_SLOT);
  if (typeof slot === 'object' && slot !== null) (slot as HarnessSlot).repository = repository;
}
