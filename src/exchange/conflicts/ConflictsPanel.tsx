import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ZodError } from 'zod';
import { useRepository } from '../../app/repository-context';
import type { ConflictDetail, ConflictSummary, RevisionStamp } from '../../db/exchange-conflicts';
import type { ConflictChoice } from '../../domain/exchange';
import { useDateTextFormatter } from '../../i18n/use-date-text-formatter';
import { conflictFieldRows, mergeBodies, type Side } from './conflict-fields';
import './conflicts.css';

/**
 * Records an import could not merge because both sides changed them: the
 * list, and one conflict at a time side by side, settled by keeping this
 * device's version, taking the partner's, or picking field by field.
 */
export function ConflictsPanel() {
  const { t } = useTranslation('exchange');
  const repository = useRepository();
  const [conflicts, setConflicts] = useState<ConflictSummary[] | null>(null);
  const [openKey, setOpenKey] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    let current = true;
    repository.listConflicts().then(
      (listed) => {
        if (current) setConflicts(listed);
      },
      (error: unknown) => {
        console.error('listing conflicts failed', error);
        if (current) setProblem(t('conflicts.errors.loadFailed'));
      },
    );
    return () => {
      current = false;
    };
  }, [repository, reloads, t]);

  // An import in this or another window adds conflicts; a resolution removes them.
  useEffect(() => repository.onChange(() => setReloads((count) => count + 1)), [repository]);

  const resolved = useCallback(() => {
    setOpenKey(null);
    setNotice(t('conflicts.resolved'));
    setReloads((count) => count + 1);
  }, [t]);

  return (
    // The import report scrolls to this heading by its id: keep the two in step.
    <section className="panel conflicts" aria-labelledby="conflicts-heading">
      <h2 id="conflicts-heading">
        {t('conflicts.heading')}
        {conflicts !== null && conflicts.length > 0 && (
          <span
            className="badge conflicts__count"
            aria-label={t('conflicts.pending', { n: conflicts.length })}
          >
            {conflicts.length}
          </span>
        )}
      </h2>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {problem && (
        <p className="notice notice--danger" role="alert">
          {problem}
        </p>
      )}
      {openKey ? (
        <ConflictView
          conflictKey={openKey}
          onClose={() => setOpenKey(null)}
          onResolved={resolved}
        />
      ) : (
        <ConflictList
          conflicts={conflicts}
          onOpen={(key) => {
            setNotice(null);
            setOpenKey(key);
          }}
        />
      )}
    </section>
  );
}

function ConflictList({
  conflicts,
  onOpen,
}: {
  conflicts: ConflictSummary[] | null;
  onOpen: (key: string) => void;
}) {
  const { t } = useTranslation('exchange');
  const dates = useDateTextFormatter();
  if (conflicts === null) return <p className="muted">{t('conflicts.loading')}</p>;
  if (conflicts.length === 0) return <p className="empty-state">{t('conflicts.empty')}</p>;
  return (
    <>
      <p className="muted">{t('conflicts.intro')}</p>
      <ul className="conflicts__list" aria-label={t('conflicts.listLabel')}>
        {conflicts.map((conflict) => (
          <li key={conflict.key}>
            <button type="button" className="conflicts__item" onClick={() => onOpen(conflict.key)}>
              <span className="conflicts__title">{conflict.title || t('conflicts.untitled')}</span>
              <span className="muted">
                {t(`conflicts.kind.${conflict.table}`)} ·{' '}
                {t('conflicts.from', {
                  name: conflict.sender.name || t('conflicts.unnamedSender'),
                  when: dates.format(new Date(conflict.receivedAt), 'minute'),
                })}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}

function ConflictView({
  conflictKey,
  onClose,
  onResolved,
}: {
  conflictKey: string;
  onClose: () => void;
  onResolved: () => void;
}) {
  const { t } = useTranslation('exchange');
  const repository = useRepository();
  const dates = useDateTextFormatter();
  const [detail, setDetail] = useState<ConflictDetail | null | undefined>(undefined);
  const [picks, setPicks] = useState<Record<string, Side>>({});
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    repository.getConflict(conflictKey).then(
      (found) => {
        if (current) setDetail(found ?? null);
      },
      (error: unknown) => {
        console.error('opening the conflict failed', error);
        if (current) setDetail(null);
      },
    );
    return () => {
      current = false;
    };
  }, [repository, conflictKey]);

  const rows = useMemo(
    () => (detail ? conflictFieldRows(detail.table, detail.localBody, detail.incomingBody, t) : []),
    [detail, t],
  );

  if (detail === undefined) return <p className="muted">{t('conflicts.loading')}</p>;
  if (detail === null) {
    return (
      <div>
        <p className="notice">{t('conflicts.gone')}</p>
        <button type="button" className="button" onClick={onClose}>
          {t('conflicts.back')}
        </button>
      </div>
    );
  }

  const bothLive = detail.localBody !== null && detail.incomingBody !== null;
  const who = (stamp: RevisionStamp) =>
    stamp.updatedBy === repository.deviceId
      ? t('conflicts.thisDevice')
      : stamp.updatedBy === detail.sender.deviceId
        ? detail.sender.name || t('conflicts.unnamedSender')
        : t('conflicts.otherDevice');
  const describe = (stamp: RevisionStamp | null) =>
    stamp === null
      ? t('conflicts.unreadable')
      : t(stamp.deleted ? 'conflicts.deletedBy' : 'conflicts.changedBy', {
          who: who(stamp),
          when: dates.format(new Date(stamp.updatedAt), 'minute'),
        });

  const resolve = async (choice: ConflictChoice) => {
    setBusy(true);
    setProblem(null);
    try {
      const merged =
        choice === 'merged'
          ? mergeBodies(detail.table, detail.localBody, detail.incomingBody, picks)
          : undefined;
      await repository.resolveConflict(detail.key, choice, merged);
      onResolved();
    } catch (error) {
      console.error('resolving the conflict failed', error);
      setProblem(
        t(error instanceof ZodError ? 'conflicts.errors.invalid' : 'conflicts.errors.failed'),
      );
      setBusy(false);
    }
  };

  const pickedFromTheirs = Object.values(picks).filter((side) => side === 'incoming').length;

  return (
    <div className="conflict-view">
      <h3>{detail.title || t('conflicts.untitled')}</h3>
      {problem && (
        <p className="notice notice--danger" role="alert">
          {problem}
        </p>
      )}
      <table className="conflict-table">
        <caption className="visually-hidden">{t('conflicts.tableCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('conflicts.field')}</th>
            <th scope="col">
              {t('conflicts.mine')}
              <span className="conflict-table__stamp">{describe(detail.local)}</span>
            </th>
            <th scope="col">
              {t('conflicts.theirs')}
              <span className="conflict-table__stamp">{describe(detail.incoming)}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.field} className={row.differs ? 'conflict-table__differs' : undefined}>
              <th scope="row">
                {row.label}
                {row.differs && <span className="visually-hidden"> {t('conflicts.differs')}</span>}
              </th>
              {(['local', 'incoming'] as const).map((side) => (
                <td key={side} data-side={side}>
                  {(side === 'local' ? row.local : row.incoming).map((line, index) => (
                    <div key={index}>{line}</div>
                  ))}
                  {bothLive && row.differs && (
                    <label className="conflict-table__pick">
                      <input
                        type="radio"
                        name={`pick-${row.field}`}
                        checked={(picks[row.field] ?? 'local') === side}
                        onChange={() => setPicks((current) => ({ ...current, [row.field]: side }))}
                      />
                      {t(side === 'local' ? 'conflicts.pickMine' : 'conflicts.pickTheirs', {
                        field: row.label,
                      })}
                    </label>
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="conflict-view__actions">
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() => void resolve('local')}
        >
          {t('conflicts.keepMine')}
        </button>
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() => void resolve('incoming')}
        >
          {t('conflicts.takeTheirs')}
        </button>
        {bothLive && (
          <button
            type="button"
            className="button button--primary"
            disabled={busy || pickedFromTheirs === 0}
            onClick={() => void resolve('merged')}
          >
            {t('conflicts.resolvePicked', { n: pickedFromTheirs })}
          </button>
        )}
        <button type="button" className="button button--quiet" disabled={busy} onClick={onClose}>
          {t('conflicts.back')}
        </button>
      </div>
    </div>
  );
}
