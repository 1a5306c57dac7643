import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useIncidentIndex } from '../../app/incident-index-context';
import { useRepository } from '../../app/repository-context';
import type { BundleProgress } from '../../domain/api';
import type { Contact } from '../../domain/contact';
import { formatDuration } from '../../evidence/evidence-format';
import { newJobId } from '../../evidence/evidence-api';
import { TransferRate } from '../../evidence/transfer-rate';
import { useSizeText } from '../../evidence/use-unit-text';
import { useDateTextFormatter } from '../../i18n/use-date-text-formatter';
import { NO_FILTERS } from '../../incidents/search/incident-filters';
import { depterApi } from '../../ui/depter-bridge';
import {
  evidenceTotals,
  sinceWatermark,
  volumeBytes,
  type EvidenceSize,
  type ScopeChoice,
  type VolumeChoice,
} from './export-options';
import { runExport, type ExportOutcome } from './run-export';
import './export.css';
import { bundleErrorKey } from '../bundle-error-key';

/** How many matching incidents the checklist shows at once; the search narrows the rest. */
const CHECKLIST_LIMIT = 200;
const CSV_LANGUAGES = ['ky', 'ru', 'en'] as const;
type CsvLanguage = (typeof CSV_LANGUAGES)[number];

interface Running {
  jobId: string;
  writing: boolean;
  cancelling: boolean;
  bytesDone: number;
  bytesTotal: number;
  bytesPerSecond: number | null;
  secondsLeft: number | null;
}

function uiCsvLanguage(language: string): CsvLanguage {
  const base = language.slice(0, 2);
  return (CSV_LANGUAGES as readonly string[]).includes(base) ? (base as CsvLanguage) : 'en';
}

/**
 * Sending a bundle: recipients among the contacts, what to send, evidence
 * files, volumes and the CSV language; then the file, progress with
 * cancel, and a summary with the bundle's SHA-256.
 */
export function ExportPanel() {
  const { t, i18n } = useTranslation('exchange');
  const repository = useRepository();
  const [contacts, setContacts] = useState<Contact[] | null>(null);
  const [evidence, setEvidence] = useState<EvidenceSize[]>([]);
  const [recipientIds, setRecipientIds] = useState<ReadonlySet<string>>(new Set());
  const [scope, setScope] = useState<ScopeChoice>('full');
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [includeEvidence, setIncludeEvidence] = useState(true);
  const [volume, setVolume] = useState<VolumeChoice>('none');
  const [customMib, setCustomMib] = useState('');
  const [csvLanguage, setCsvLanguage] = useState<CsvLanguage>(uiCsvLanguage(i18n.language));
  const [running, setRunning] = useState<Running | null>(null);
  const [outcome, setOutcome] = useState<ExportOutcome | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);
  const rate = useRef(new TransferRate());

  useEffect(() => {
    let current = true;
    Promise.all([repository.listContacts(), repository.listEvidence()])
      .then(([listedContacts, listedEvidence]) => {
        if (!current) return;
        setContacts(listedContacts);
        setEvidence(listedEvidence.flatMap((loaded) => (loaded.ok ? [loaded.record] : [])));
      })
      .catch((error: unknown) => {
        console.error('loading the export choices failed', error);
        if (current) setProblem(t('export.loadFailed'));
      });
    return () => {
      current = false;
    };
  }, [repository, reloads, t]);

  const jobId = running?.jobId;
  useEffect(() => {
    const api = depterApi();
    if (!api || jobId === undefined) return undefined;
    return api.onBundleProgress((progress: BundleProgress) => {
      if (progress.jobId !== jobId || progress.phase !== 'export') return;
      rate.current.add(progress.bytesDone, performance.now());
      setRunning((state) =>
        state && state.jobId === progress.jobId
          ? {
              ...state,
              bytesDone: progress.bytesDone,
              bytesTotal: progress.bytesTotal,
              bytesPerSecond: rate.current.bytesPerSecond(),
              secondsLeft: rate.current.secondsLeft(progress.bytesTotal),
            }
          : state,
      );
    });
  }, [jobId]);

  const recipients = useMemo(
    () => (contacts ?? []).filter((contact) => recipientIds.has(contact.id)),
    [contacts, recipientIds],
  );
  const totals = useMemo(
    () => evidenceTotals(evidence, scope === 'selection' ? selected : null),
    [evidence, scope, selected],
  );
  const volumeSize = volumeBytes(volume, customMib);
  const noRecipient = recipients.length === 0;
  const noSelection = scope === 'selection' && selected.size === 0;
  const canExport =
    contacts !== null && !noRecipient && !noSelection && volumeSize !== 'invalid' && !running;

  const start = async () => {
    const api = depterApi();
    if (!api || volumeSize === 'invalid') return;
    const id = newJobId();
    rate.current = new TransferRate();
    setOutcome(null);
    setProblem(null);
    setRunning({
      jobId: id,
      writing: false,
      cancelling: false,
      bytesDone: 0,
      bytesTotal: 0,
      bytesPerSecond: null,
      secondsLeft: null,
    });
    try {
      const profile = await repository.getExchangeProfile();
      const result = await runExport(
        repository,
        api,
        id,
        {
          recipients,
          scope,
          selectedIncidentIds: [...selected],
          includeEvidence,
          volumeSize,
          csvLanguage,
          senderName: profile.senderName,
        },
        { onWriting: () => setRunning((state) => state && { ...state, writing: true }) },
      );
      setOutcome(result.kind === 'no-target' ? null : result);
      if (result.kind === 'done') setReloads((count) => count + 1);
    } catch (error) {
      console.error('export failed', error);
      setProblem(t('export.failed'));
    } finally {
      setRunning(null);
    }
  };

  const cancel = async () => {
    const api = depterApi();
    if (!api || !running) return;
    setRunning({ ...running, cancelling: true });
    await api.cancelBundleJob({ jobId: running.jobId });
  };

  return (
    <section className="panel export" aria-labelledby="export-heading">
      <h2 id="export-heading">{t('export.heading')}</h2>
      {problem && (
        <p className="notice notice--danger" role="alert">
          {problem}
        </p>
      )}
      {contacts === null ? (
        <p className="muted">{t('export.loading')}</p>
      ) : (
        <form
          className="export__form"
          onSubmit={(event) => {
            event.preventDefault();
            if (canExport) void start();
          }}
        >
          <RecipientChoice
            contacts={contacts}
            chosen={recipientIds}
            onChange={setRecipientIds}
            disabled={running !== null}
          />
          <ScopeChoiceField
            scope={scope}
            onScope={setScope}
            recipients={recipients}
            selected={selected}
            onSelected={setSelected}
            disabled={running !== null}
          />
          <EvidenceChoice
            include={includeEvidence}
            onInclude={setIncludeEvidence}
            totals={totals}
            disabled={running !== null}
          />
          <VolumeChoiceField
            volume={volume}
            onVolume={setVolume}
            customMib={customMib}
            onCustomMib={setCustomMib}
            invalid={volumeSize === 'invalid'}
            disabled={running !== null}
          />
          <CsvLanguageField
            value={csvLanguage}
            onChange={setCsvLanguage}
            disabled={running !== null}
          />
          {noRecipient && contacts.length > 0 && (
            <p className="muted" data-testid="export-needs-recipient">
              {t('export.needsRecipient')}
            </p>
          )}
          {noSelection && <p className="muted">{t('export.needsSelection')}</p>}
          <div className="export__actions">
            <button
              type="submit"
              className="button button--primary"
              disabled={!canExport}
              data-testid="export-start"
            >
              {t('export.start')}
            </button>
          </div>
        </form>
      )}
      {running && <ExportProgress running={running} onCancel={() => void cancel()} />}
      {outcome && <ExportResult outcome={outcome} includeEvidence={includeEvidence} />}
    </section>
  );
}

function RecipientChoice({
  contacts,
  chosen,
  onChange,
  disabled,
}: {
  contacts: readonly Contact[];
  chosen: ReadonlySet<string>;
  onChange: (next: ReadonlySet<string>) => void;
  disabled: boolean;
}) {
  const { t } = useTranslation('exchange');
  const dates = useDateTextFormatter();
  return (
    <fieldset className="export__fieldset" data-testid="export-recipients">
      <legend className="field__label">{t('export.recipients')}</legend>
      {contacts.length === 0 ? (
        <p className="notice notice--warning">
          {t('export.noContacts')} <a href="#/contacts">{t('export.toContacts')}</a>
        </p>
      ) : (
        <ul className="export__choices">
          {contacts.map((contact) => (
            <li key={contact.id}>
              <label className="export__choice">
                <input
                  type="checkbox"
                  checked={chosen.has(contact.id)}
                  disabled={disabled}
                  onChange={(event) => {
                    const next = new Set(chosen);
                    if (event.target.checked) next.add(contact.id);
                    else next.delete(contact.id);
                    onChange(next);
                  }}
                />
                <span className="export__name">{contact.name}</span>
                {contact.verified ? (
                  <span className="badge export__verified">{t('export.verified')}</span>
                ) : (
                  <span className="export__unverified">{t('export.unverified')}</span>
                )}
                <span className="muted">
                  {contact.lastExport
                    ? t('export.lastBundle', {
                        when: dates.format(new Date(contact.lastExport.at), 'minute'),
                      })
                    : t('export.neverSent')}
                </span>
              </label>
            </li>
          ))}
        </ul>
      )}
      <p className="muted">{t('export.selfIncluded')}</p>
    </fieldset>
  );
}

function ScopeChoiceField({
  scope,
  onScope,
  recipients,
  selected,
  onSelected,
  disabled,
}: {
  scope: ScopeChoice;
  onScope: (scope: ScopeChoice) => void;
  recipients: readonly Contact[];
  selected: ReadonlySet<string>;
  onSelected: (next: ReadonlySet<string>) => void;
  disabled: boolean;
}) {
  const { t } = useTranslation('exchange');
  const name = useId();
  const watermark = sinceWatermark(recipients);
  const options: { value: ScopeChoice; label: string }[] = [
    { value: 'full', label: t('export.scope.full') },
    { value: 'selection', label: t('export.scope.selection') },
    { value: 'since', label: t('export.scope.since') },
  ];
  return (
    <fieldset className="export__fieldset">
      <legend className="field__label">{t('export.scope.heading')}</legend>
      {options.map((option) => (
        <label key={option.value} className="export__choice">
          <input
            type="radio"
            name={name}
            value={option.value}
            checked={scope === option.value}
            disabled={disabled}
            onChange={() => onScope(option.value)}
            data-testid={`export-scope-${option.value}`}
          />
          {option.label}
        </label>
      ))}
      {scope === 'since' && (
        <p className="muted" data-testid="export-since-note">
          {recipients.length === 0
            ? t('export.scope.sinceNeedsRecipient')
            : watermark === null
              ? t('export.scope.sinceEverything')
              : t('export.scope.sinceFrom', { count: recipients.length })}
        </p>
      )}
      {scope === 'selection' && (
        <IncidentChecklist selected={selected} onSelected={onSelected} disabled={disabled} />
      )}
    </fieldset>
  );
}

/** Incidents to choose from, found with the app's own search (any script, any case). */
function IncidentChecklist({
  selected,
  onSelected,
  disabled,
}: {
  selected: ReadonlySet<string>;
  onSelected: (next: ReadonlySet<string>) => void;
  disabled: boolean;
}) {
  const { t } = useTranslation('exchange');
  const searchId = useId();
  const [query, setQuery] = useState('');
  const snapshot = useIncidentIndex();
  // A new snapshot object arrives with every change to the live index.
  const total = useMemo(
    () => (snapshot.phase === 'ready' ? snapshot.index.search(NO_FILTERS).length : 0),
    [snapshot],
  );
  const matches = useMemo(
    () =>
      snapshot.phase === 'ready' ? snapshot.index.search({ ...NO_FILTERS, text: query }) : null,
    [snapshot, query],
  );
  if (matches === null) return <p className="muted">{t('export.loading')}</p>;
  const shown = matches.slice(0, CHECKLIST_LIMIT);
  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    onSelected(next);
  };
  return (
    <div className="export__checklist">
      <div className="field">
        <label className="field__label" htmlFor={searchId}>
          {t('export.selection.search')}
        </label>
        <input
          id={searchId}
          className="control"
          type="search"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
      </div>
      <p className="muted" role="status">
        {t('export.selection.count', { selected: selected.size, total })}
      </p>
      <ul className="export__choices export__incidents">
        {shown.map((incident) => (
          <li key={incident.id}>
            <label className="export__choice">
              <input
                type="checkbox"
                checked={selected.has(incident.id)}
                disabled={disabled}
                onChange={(event) => toggle(incident.id, event.target.checked)}
              />
              {incident.title || t('export.selection.untitled')}
            </label>
          </li>
        ))}
      </ul>
      {matches.length > shown.length && (
        <p className="muted">{t('export.selection.more', { n: matches.length - shown.length })}</p>
      )}
    </div>
  );
}

function EvidenceChoice({
  include,
  onInclude,
  totals,
  disabled,
}: {
  include: boolean;
  onInclude: (include: boolean) => void;
  totals: { files: number; bytes: number };
  disabled: boolean;
}) {
  const { t } = useTranslation('exchange');
  const size = useSizeText();
  return (
    <fieldset className="export__fieldset">
      <legend className="field__label">{t('export.evidence.heading')}</legend>
      <label className="export__choice">
        <input
          type="checkbox"
          checked={include}
          disabled={disabled}
          onChange={(event) => onInclude(event.target.checked)}
          data-testid="export-include-evidence"
        />
        {t('export.evidence.include', { n: totals.files, size: size.bytes(totals.bytes) })}
      </label>
      {!include && <p className="muted">{t('export.evidence.leftOut')}</p>}
    </fieldset>
  );
}

function VolumeChoiceField({
  volume,
  onVolume,
  customMib,
  onCustomMib,
  invalid,
  disabled,
}: {
  volume: VolumeChoice;
  onVolume: (volume: VolumeChoice) => void;
  customMib: string;
  onCustomMib: (text: string) => void;
  invalid: boolean;
  disabled: boolean;
}) {
  const { t } = useTranslation('exchange');
  const name = useId();
  const customId = useId();
  const errorId = useId();
  const choices: VolumeChoice[] = ['none', 'messenger', 'fat32', 'custom'];
  return (
    <fieldset className="export__fieldset">
      <legend className="field__label">{t('export.volume.heading')}</legend>
      {choices.map((choice) => (
        <label key={choice} className="export__choice">
          <input
            type="radio"
            name={name}
            checked={volume === choice}
            disabled={disabled}
            onChange={() => onVolume(choice)}
          />
          {t(`export.volume.${choice}`)}
        </label>
      ))}
      {volume === 'custom' && (
        <div className="field export__custom">
          <label className="field__label" htmlFor={customId}>
            {t('export.volume.customSize')}
          </label>
          <input
            id={customId}
            className="control"
            inputMode="numeric"
            value={customMib}
            disabled={disabled}
            aria-invalid={invalid}
            aria-describedby={invalid ? errorId : undefined}
            onChange={(event) => onCustomMib(event.target.value)}
          />
          {invalid && (
            <p id={errorId} className="field__error">
              {t('export.volume.invalid')}
            </p>
          )}
        </div>
      )}
    </fieldset>
  );
}

function CsvLanguageField({
  value,
  onChange,
  disabled,
}: {
  value: CsvLanguage;
  onChange: (language: CsvLanguage) => void;
  disabled: boolean;
}) {
  const { t } = useTranslation('exchange');
  const id = useId();
  return (
    <div className="field export__csv">
      <label className="field__label" htmlFor={id}>
        {t('export.csvLanguage')}
      </label>
      <select
        id={id}
        className="control"
        value={value}
        disabled={disabled}
        onChange={(event) => onChange(uiCsvLanguage(event.target.value))}
      >
        {CSV_LANGUAGES.map((language) => (
          <option key={language} value={language}>
            {t(`export.language.${language}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

function ExportProgress({ running, onCancel }: { running: Running; onCancel: () => void }) {
  const { t } = useTranslation('exchange');
  const size = useSizeText();
  const figures = !running.writing
    ? t('export.progress.preparing')
    : running.cancelling
      ? t('export.progress.cancelling')
      : [
          t('export.progress.bytes', {
            done: size.bytes(running.bytesDone),
            total: size.bytes(running.bytesTotal),
          }),
          running.bytesPerSecond === null ? null : size.speed(running.bytesPerSecond),
          running.secondsLeft === null
            ? t('export.progress.estimating')
            : t('export.progress.timeLeft', { time: formatDuration(running.secondsLeft) }),
        ]
          .filter((part) => part !== null)
          .join(' · ');
  return (
    <div className="export__progress" data-testid="export-progress">
      <progress
        aria-label={t('export.progress.label')}
        max={running.bytesTotal || 1}
        value={running.writing ? running.bytesDone : undefined}
      />
      <span role="status">{figures}</span>
      {running.writing && (
        <button
          type="button"
          className="button"
          onClick={onCancel}
          disabled={running.cancelling}
          data-testid="export-cancel"
        >
          {t('export.progress.cancel')}
        </button>
      )}
    </div>
  );
}

function ExportResult({
  outcome,
  includeEvidence,
}: {
  outcome: ExportOutcome;
  includeEvidence: boolean;
}) {
  const { t } = useTranslation('exchange');
  const size = useSizeText();
  if (outcome.kind === 'nothing-new') {
    return (
      <p className="notice" role="status" data-testid="export-nothing-new">
        {t('export.nothingNew')}
      </p>
    );
  }
  if (outcome.kind === 'no-target') return null;
  if (outcome.kind === 'failed') {
    return (
      <p
        className={outcome.error === 'CANCELLED' ? 'notice' : 'notice notice--danger'}
        role="alert"
        data-testid="export-error"
        data-error={outcome.error}
      >
        {t(bundleErrorKey(outcome.error))}
      </p>
    );
  }
  const { result } = outcome;
  const { counts } = result;
  return (
    <div className="export__summary" role="status" data-testid="export-summary">
      <p className="notice">{t('export.summary.done')}</p>
      <dl className="export__facts">
        <dt>{t('export.summary.records')}</dt>
        <dd data-testid="export-summary-counts">
          {t('export.summary.counts', {
            incidents: counts.incidents,
            actors: counts.actors,
            evidence: counts.evidence,
          })}
        </dd>
        <dt>{t('export.summary.files')}</dt>
        <dd>
          {t('export.summary.evidenceFiles', {
            n: counts.evidenceFiles,
            size: size.bytes(counts.evidenceBytes),
          })}
        </dd>
        <dt>{t('export.summary.size')}</dt>
        <dd>{size.bytes(result.size)}</dd>
        <dt>{t('export.summary.written')}</dt>
        <dd>
          <ul className="export__written" data-testid="export-summary-files">
            {result.files.map((file) => (
              <li key={file}>{file}</li>
            ))}
          </ul>
        </dd>
        <dt>{t('export.summary.sha256')}</dt>
        <dd>
          <code className="export__sha" data-testid="export-summary-sha256">
            {result.sha256}
          </code>
        </dd>
      </dl>
      {outcome.damaged > 0 && (
        <p className="notice notice--warning" data-testid="export-damaged">
          {t('export.summary.damaged', { count: outcome.damaged })}
        </p>
      )}
      {!includeEvidence && <p className="muted">{t('export.evidence.leftOut')}</p>}
      {outcome.marked && !outcome.movedWatermark && (
        <p className="muted" data-testid="export-watermark-kept">
          {t('export.summary.watermarkKept')}
        </p>
      )}
      {!outcome.marked && <p className="notice notice--warning">{t('export.summary.notMarked')}</p>}
    </div>
  );
}
