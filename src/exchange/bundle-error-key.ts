import type { BundleErrorName } from '../domain/api';

/** Locale key (namespace `exchange`) explaining why an export or import failed; shared by both panels. */
export function bundleErrorKey(code: BundleErrorName): `errors.${BundleErrorName}` {
  return `errors.${code}`;
}
