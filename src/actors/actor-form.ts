import { z } from 'zod';
import { actorBodySchema, emptyActorBody, type ActorBody } from '../domain/actor';
import { issuesToFieldErrors, type FormValidation } from '../ui/form-validation';

/** A name variant as edited: the key keeps React rows stable, it is never stored. */
export interface VariantRow {
  key: string;
  value: string;
}

/** What the person/organisation editor holds while typing; also what a draft stores. */
export interface ActorForm {
  kind: string;
  name: string;
  nameVariants: VariantRow[];
  /** '' = no usual role. */
  defaultRole: string;
  affiliation: string;
  description: string;
  notes: string;
}

export function newVariantRow(value = ''): VariantRow {
  return { key: crypto.randomUUID(), value };
}

export function actorToForm(actor: ActorBody): ActorForm {
  return {
    kind: actor.kind,
    name: actor.name,
    nameVariants: actor.nameVariants.map((variant) => newVariantRow(variant)),
    defaultRole: actor.defaultRole ?? '',
    affiliation: actor.affiliation,
    description: actor.description,
    notes: actor.notes,
  };
}

export function emptyActorForm(kind: ActorBody['kind'] = 'person'): ActorForm {
  return actorToForm(emptyActorBody(kind));
}

/**
 * Validates the form. Blank variant rows (added but not typed in) are left
 * out rather than reported; errors on the others point at their own row.
 */
export function validateActorForm(form: ActorForm): FormValidation<ActorBody> {
  const kept = form.nameVariants
    .map((row, index) => ({ value: row.value.trim(), index }))
    .filter((row) => row.value !== '');
  const candidate = {
    kind: form.kind,
    name: form.name.trim(),
    nameVariants: kept.map((row) => row.value),
    defaultRole: form.defaultRole === '' ? null : form.defaultRole,
    affiliation: form.affiliation.trim(),
    description: form.description,
    notes: form.notes,
  };
  const result = actorBodySchema.safeParse(candidate);
  if (result.success) return { ok: true, body: result.data };
  const fieldForPath = (path: readonly PropertyKey[]) => {
    const [field, index] = path;
    if (field === 'nameVariants' && typeof index === 'number') {
      return `nameVariants.${kept[index]?.index ?? index}`;
    }
    return path.map(String).join('.');
  };
  return { ok: false, errors: issuesToFieldErrors(result.error.issues, fieldForPath) };
}

const text = z.string().max(1_000_000);

const actorFormSchema: z.ZodType<ActorForm> = z.object({
  kind: text,
  name: text,
  nameVariants: z.array(z.object({ key: z.string().max(100), value: text })).max(10_000),
  defaultRole: text,
  affiliation: text,
  description: text,
  notes: text,
});

/** A stored draft, or null when it is not an actor form. */
export function parseActorDraftForm(raw: unknown): ActorForm | null {
  const result = actorFormSchema.safeParse(raw);
  return result.success ? result.data : null;
}
