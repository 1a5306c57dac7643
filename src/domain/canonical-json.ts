/**
 * Deterministic JSON for hashing: the same value always gives the same bytes,
 * whatever order its keys were inserted in. Object keys are sorted by UTF-16
 * code units (as in RFC 8785), there is no whitespace, and strings and numbers
 * are written as JSON.stringify writes them.
 *
 * Values JSON.stringify would silently change are rejected instead, because a
 * hash over silently changed data would not prove anything: undefined inside
 * an array (it would become null), NaN and ±Infinity (null), functions,
 * symbols, bigints, class instances such as Date or Map, and cycles. An
 * object property whose value is undefined is left out, as in JSON.
 */

export class CanonicalJsonError extends Error {
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`canonical JSON: ${problem} at ${path}`);
    this.name = 'CanonicalJsonError';
  }
}

function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function write(value: unknown, path: string, ancestors: Set<object>, out: string[]): void {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      out.push(JSON.stringify(value));
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(path, `${value} is not JSON`);
      out.push(JSON.stringify(value));
      return;
    case 'undefined':
      throw new CanonicalJsonError(path, 'undefined is not JSON');
    case 'function':
    case 'symbol':
    case 'bigint':
      throw new CanonicalJsonError(path, `a ${typeof value} is not JSON`);
    case 'object':
      break;
  }
  if (value === null) {
    out.push('null');
    return;
  }
  if (ancestors.has(value)) throw new CanonicalJsonError(path, 'cycle');
  ancestors.add(value);
  if (Array.isArray(value)) {
    out.push('[');
    value.forEach((item: unknown, index) => {
      if (index > 0) out.push(',');
      write(item, `${path}[${index}]`, ancestors, out);
    });
    out.push(']');
  } else {
    if (!isPlainObject(value)) {
      const name = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
      throw new CanonicalJsonError(path, `a ${name} is not a plain object`);
    }
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort();
    out.push('{');
    keys.forEach((key, index) => {
      if (index > 0) out.push(',');
      out.push(JSON.stringify(key), ':');
      write(record[key], `${path}.${key}`, ancestors, out);
    });
    out.push('}');
  }
  ancestors.delete(value);
}

/** The canonical JSON text of `value`; throws CanonicalJsonError for anything that is not plain JSON data. */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  write(value, '$', new Set(), out);
  return out.join('');
}
