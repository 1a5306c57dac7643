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

/** Where the writer is, as keys and indexes; turned into a path string only on error. */
type PathStack = (string | number)[];

function formatPath(stack: PathStack): string {
  return stack.map((step) => (typeof step === 'number' ? `[${step}]` : `.${step}`)).join('');
}

function fail(stack: PathStack, problem: string): never {
  throw new CanonicalJsonError(`$${formatPath(stack)}`, problem);
}

function write(value: unknown, stack: PathStack, ancestors: Set<object>): string {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) fail(stack, `${value} is not JSON`);
      return JSON.stringify(value);
    case 'undefined':
      return fail(stack, 'undefined is not JSON');
    case 'function':
    case 'symbol':
    case 'bigint':
      return fail(stack, `a ${typeof value} is not JSON`);
    case 'object':
      break;
  }
  if (value === null) return 'null';
  if (ancestors.has(value)) fail(stack, 'cycle');
  ancestors.add(value);
  let text: string;
  if (Array.isArray(value)) {
    text = '[';
    for (let index = 0; index < value.length; index++) {
      if (index > 0) text += ',';
      stack.push(index);
      text += write(value[index], stack, ancestors);
      stack.pop();
    }
    text += ']';
  } else {
    if (!isPlainObject(value)) {
      const name = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
      fail(stack, `a ${name} is not a plain object`);
    }
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    text = '{';
    let first = true;
    for (const key of keys) {
      const item = record[key];
      if (item === undefined) continue;
      if (!first) text += ',';
      first = false;
      stack.push(key);
      text += `${JSON.stringify(key)}:${write(item, stack, ancestors)}`;
      stack.pop();
    }
    text += '}';
  }
  ancestors.delete(value);
  return text;
}

/** The canonical JSON text of `value`; throws CanonicalJsonError for anything that is not plain JSON data. */
export function canonicalJson(value: unknown): string {
  return write(value, [], new Set());
}
