import { z } from 'zod';
import { ACTOR_KINDS, VICTIM_ROLES } from './vocabularies';
import { syncFieldsSchema } from './sync';

/**
 * A person or an organisation (a journalist, a news site, an NGO, a court),
 * recorded once and linked from every incident it appears in.
 */
export const actorBodySchema = z.object({
  kind: z.enum(ACTOR_KINDS),
  name: z.string().max(300).min(1, { message: 'name.required' }),
  /** Other spellings: Cyrillic and Latin forms, maiden names, abbreviations. */
  nameVariants: z.array(z.string().min(1).max(300)).max(50).default([]),
  /** The role usually held (journalist, NGO …); an incident link may say otherwise. */
  defaultRole: z.enum(VICTIM_ROLES).nullable().default(null),
  /** For a person: the outlet or organisation they belong to. */
  affiliation: z.string().max(300).default(''),
  description: z.string().max(5000).default(''),
  notes: z.string().max(20_000).default(''),
});

export const actorSchema = syncFieldsSchema.extend(actorBodySchema.shape);

export type ActorBody = z.infer<typeof actorBodySchema>;
export type Actor = z.infer<typeof actorSchema>;

export function emptyActorBody(kind: ActorBody['kind'] = 'person'): ActorBody {
  return {
    kind,
    name: '',
    nameVariants: [],
    defaultRole: null,
    affiliation: '',
    description: '',
    notes: '',
  };
}
