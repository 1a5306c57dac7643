import type { core } from 'zod';

/** A translation key (in the `editor` namespace, under `errors.`) and its variables. */
export interface ErrorMessage {
  key: string;
  values?: Record<string, number | string>;
}

/**
 * Custom messages the domain schemas attach to their rules. They are
 * translation keys already; anything else falls back to a message by code.
 */
export const DOMAIN_MESSAGE_KEYS = [
  'title.required',
  'name.required',
  'date.invalid',
  'date.endBeforeStart',
] as const;

const domainMessages: ReadonlySet<string> = new Set(DOMAIN_MESSAGE_KEYS);

type Issue = core.$ZodIssue;

function limit(value: number | bigint): number {
  return typeof value === 'bigint' ? Number(value) : value;
}

/** Every issue inside a union failure, depth first. */
function unionBranches(issue: Issue): Issue[] {
  if (issue.code !== 'invalid_union') return [issue];
  return issue.errors.flat().flatMap(unionBranches);
}

/**
 * Turns one zod issue into a message the UI can translate. Every code zod can
 * raise for the incident and actor schemas has a readable message; unknown
 * ones say "invalid value" rather than showing zod's English text.
 */
export function zodIssueMessage(issue: Issue): ErrorMessage {
  if (domainMessages.has(issue.message)) return { key: `errors.${issue.message}` };
  switch (issue.code) {
    case 'invalid_type':
      // zod reports a fraction where an integer belongs as expected "int".
      if ((issue.expected as string) === 'int') return { key: 'errors.wholeNumber' };
      return issue.expected === 'number' ? { key: 'errors.notANumber' } : { key: 'errors.invalid' };
    case 'too_big': {
      const count = limit(issue.maximum);
      if (issue.origin === 'string') return { key: 'errors.tooLong', values: { count } };
      if (issue.origin === 'array' || issue.origin === 'set') {
        return { key: 'errors.tooMany', values: { count } };
      }
      return { key: 'errors.tooLarge', values: { max: count } };
    }
    case 'too_small': {
      const count = limit(issue.minimum);
      if (issue.origin === 'string') {
        return count <= 1
          ? { key: 'errors.required' }
          : { key: 'errors.tooShort', values: { count } };
      }
      if (issue.origin === 'array' || issue.origin === 'set') {
        return { key: 'errors.tooFew', values: { count } };
      }
      return { key: 'errors.tooSmall', values: { min: count } };
    }
    case 'invalid_value':
      return { key: 'errors.chooseValue' };
    case 'invalid_format':
      return issue.format === 'uuid' || issue.format === 'guid'
        ? { key: 'errors.invalidLink' }
        : { key: 'errors.invalidFormat' };
    case 'not_multiple_of':
      return issue.divisor === 1 ? { key: 'errors.wholeNumber' } : { key: 'errors.invalid' };
    case 'invalid_union': {
      const branches = unionBranches(issue);
      const domain = branches.find((branch) => domainMessages.has(branch.message));
      if (domain) return { key: `errors.${domain.message}` };
      // A choice or an empty literal: all branches reject a value not on the list.
      if (branches.every((branch) => branch.code === 'invalid_value')) {
        return { key: 'errors.chooseValue' };
      }
      const first = branches.find((branch) => branch.code !== 'invalid_value');
      return first ? zodIssueMessage(first) : { key: 'errors.invalid' };
    }
    default:
      return { key: 'errors.invalid' };
  }
}
