import { describe, expect, it } from 'vitest';
import type { ActorBody } from '../domain/actor';
import {
  actorToForm,
  emptyActorForm,
  newVariantRow,
  parseActorDraftForm,
  validateActorForm,
} from './actor-form';

const journalist: ActorBody = {
  kind: 'person',
  name: 'Нарын Айып',
  nameVariants: ['Naryn Aiyp', 'Нарын Аийп'],
  defaultRole: 'journalist',
  affiliation: 'Азаттык',
  description: '',
  notes: '',
};

describe('actor form', () => {
  it('round-trips an actor', () => {
    expect(validateActorForm(actorToForm(journalist))).toEqual({ ok: true, body: journalist });
  });

  it('starts a new organisation with no role and no variants', () => {
    const form = emptyActorForm('organisation');
    expect(form.kind).toBe('organisation');
    expect(form.defaultRole).toBe('');
    expect(form.nameVariants).toEqual([]);
  });

  it('drops blank variant rows and trims the rest', () => {
    const form = actorToForm(journalist);
    form.nameVariants = [newVariantRow('  '), newVariantRow(' Naryn Aiyp '), newVariantRow('')];
    const result = validateActorForm(form);
    expect(result.ok && result.body.nameVariants).toEqual(['Naryn Aiyp']);
  });

  it('requires a name and points a bad variant at its own row', () => {
    const form = emptyActorForm();
    form.nameVariants = [newVariantRow(''), newVariantRow('x'.repeat(301))];
    const result = validateActorForm(form);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { field: 'name', message: { key: 'errors.name.required' } },
      { field: 'nameVariants.1', message: { key: 'errors.tooLong', values: { count: 300 } } },
    ]);
  });

  it('restores a stored draft and rejects a foreign one', () => {
    const form = actorToForm(journalist);
    expect(parseActorDraftForm(JSON.parse(JSON.stringify(form)))).toEqual(form);
    expect(parseActorDraftForm({ name: 1 })).toBeNull();
  });
});
