import type { IncidentForm } from './incident-form';

/** What every section of the incident editor gets from the editor. */
export interface SectionProps {
  form: IncidentForm;
  update: (change: (form: IncidentForm) => IncidentForm) => void;
  /** The translated error for a form field (`groups.0.count`), when errors are shown. */
  errorFor: (field: string) => string | undefined;
  /** The DOM id of a form field's input. */
  fieldId: (field: string) => string;
}
