/**
 * The translation keys that name a form field in the error summary:
 * `groups.0.count` is named by the row ("Group 2") and the field ("Count").
 */
export function fieldLabelKeys(field: string): { row?: { key: string; n: number }; key: string } {
  const parts = field.split('.');
  const [section = '', index, name] = parts;
  if (index !== undefined && /^\d+$/.test(index)) {
    const row = { key: `fields.${section}.row`, n: Number(index) + 1 };
    return name === undefined
      ? { row, key: `fields.${section}.legend` }
      : { row, key: `fields.${section}.${name}` };
  }
  if (
    section === 'victims' ||
    section === 'groups' ||
    section === 'perpetrators' ||
    section === 'proceedings' ||
    section === 'sources'
  ) {
    return { key: `fields.${section}.legend` };
  }
  return { key: `fields.${field}` };
}
