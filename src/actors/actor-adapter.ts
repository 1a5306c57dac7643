import type { Actor, ActorBody } from '../domain/actor';
import type { RecordAdapter } from '../ui/useAutosavedRecord';
import {
  actorToForm,
  emptyActorForm,
  parseActorDraftForm,
  validateActorForm,
  type ActorForm,
} from './actor-form';

/** How the actor editor loads, validates and writes people and organisations. */
export function actorAdapter(
  newKind: ActorBody['kind'],
): RecordAdapter<ActorForm, ActorBody, Actor> {
  return {
    kind: 'actor',
    emptyForm: () => emptyActorForm(newKind),
    toForm: actorToForm,
    parseDraftForm: parseActorDraftForm,
    validate: validateActorForm,
    get: (repository, id) => repository.getActor(id),
    create: (repository, body, id) => repository.createActor(body, id),
    update: (repository, id, body, baseRev) => repository.updateActor(id, body, baseRev),
  };
}
