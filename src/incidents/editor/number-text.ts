/**
 * Reads a number typed into a text field. Accepts a decimal comma (the norm in
 * Russian and Kyrgyz) and spaces as thousands separators. Anything else is
 * returned unchanged, so validation reports it and the text stays on screen.
 */
export function parseNumberText(text: string): number | string | undefined {
  const compact = text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  if (compact === '') return undefined;
  if (/^[-+]?(\d+\.?\d*|\.\d+)$/.test(compact)) return Number(compact);
  return text;
}

/** The text a stored number is edited as. */
export function numberToText(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}
