import { describe, expect, it } from 'vitest';
import { describedBy, errorDomId, fieldDomId, hintDomId } from './field-ids';

describe('field ids', () => {
  it('turns a field path into a safe DOM id', () => {
    expect(fieldDomId('incident', 'groups.0.count')).toBe('incident-groups-0-count');
  });

  it('describes an input by its error and hint only when present', () => {
    expect(describedBy('x', undefined, undefined)).toEqual({});
    expect(describedBy('x', 'Required', undefined)).toEqual({
      'aria-invalid': true,
      'aria-describedby': errorDomId('x'),
    });
    expect(describedBy('x', 'Required', 'Hint')).toEqual({
      'aria-invalid': true,
      'aria-describedby': `${errorDomId('x')} ${hintDomId('x')}`,
    });
    expect(describedBy('x', undefined, 'Hint')).toEqual({ 'aria-describedby': hintDomId('x') });
  });
});
