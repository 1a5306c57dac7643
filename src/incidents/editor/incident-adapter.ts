import type { Incident, IncidentBody } from '../../domain/incident';
import type { RecordAdapter } from '../../ui/useAutosavedRecord';
import {
  emptyIncidentForm,
  incidentToForm,
  parseIncidentDraftForm,
  validateIncidentForm,
  type IncidentForm,
} from './incident-form';

/** How the editor loads, validates and writes incidents through the repository. */
export const incidentAdapter: RecordAdapter<IncidentForm, IncidentBody, Incident> = {
  kind: 'incident',
  emptyForm: emptyIncidentForm,
  toForm: incidentToForm,
  parseDraftForm: parseIncidentDraftForm,
  validate: validateIncidentForm,
  get: (repository, id) => repository.getIncident(id),
  create: (repository, body, id) => repository.createIncident(body, id),
  update: (repository, id, body, baseRev) => repository.updateIncident(id, body, baseRev),
};
