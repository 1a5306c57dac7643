import type { core } from 'zod';
import { zodIssueMessage, type ErrorMessage } from './zod-issue-message';

export interface FieldError {
  /** The form field the message belongs to, e.g. `groups.0.count`. */
  field: string;
  message: ErrorMessage;
}

export type FormValidation<Body> = { ok: true; body: Body } | { ok: false; errors: FieldError[] };

/** Turns a ZodError's issues into one message per form field (the first wins). */
export function issuesToFieldErrors(
  issues: readonly core.$ZodIssue[],
  fieldForPath: (path: readonly PropertyKey[]) => string,
): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const issue of issues) {
    const field = fieldForPath(issue.path);
    if (seen.has(field)) continue;
    seen.add(field);
    errors.push({ field, message: zodIssueMessage(issue) });
  }
  return errors;
}

/** The errors by field, for looking up the message under each input. */
export function errorsByField(errors: readonly FieldError[]): ReadonlyMap<string, ErrorMessage> {
  return new Map(errors.map((error) => [error.field, error.message]));
}
