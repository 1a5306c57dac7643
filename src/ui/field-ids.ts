/**
 * DOM ids for a field and its error and hint, so that every input can point
 * at its message with aria-describedby and the error summary can focus it.
 */
export function fieldDomId(scope: string, fieldPath: string): string {
  return `${scope}-${fieldPath.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

export function errorDomId(inputId: string): string {
  return `${inputId}-error`;
}

export function hintDomId(inputId: string): string {
  return `${inputId}-hint`;
}

/** The aria attributes of an input with an optional error and hint. */
export function describedBy(
  inputId: string,
  error: string | undefined,
  hint: string | undefined,
): { 'aria-invalid'?: true; 'aria-describedby'?: string } {
  const ids = [error ? errorDomId(inputId) : null, hint ? hintDomId(inputId) : null].filter(
    (value): value is string => value !== null,
  );
  return {
    ...(error ? { 'aria-invalid': true as const } : {}),
    ...(ids.length > 0 ? { 'aria-describedby': ids.join(' ') } : {}),
  };
}

/** Moves focus to a field (from the error summary) and scrolls it into view. */
export function focusField(inputId: string): void {
  const element = document.getElementById(inputId);
  if (!element) return;
  element.scrollIntoView({ block: 'center' });
  element.focus();
}
