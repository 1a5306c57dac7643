import { useCallback, useEffect, useRef, useState } from 'react';
import type { AttachmentOutcome } from '../db/evidence-records';
import type { EvidenceSource } from '../domain/api';
import { evidenceApi, useEvidenceRecords } from './evidence-api';
import { evidenceErrorCodeOf, evidenceErrorKey } from './evidence-errors';
import { missingFiles } from './missing-files';
import { TransferRate } from './transfer-rate';

export interface AttachJob {
  sourceId: string;
  name: string;
  size: number;
  state: 'queued' | 'running' | 'cancelling';
  bytesDone: number;
  bytesTotal: number;
  bytesPerSecond: number | null;
  secondsLeft: number | null;
}

/** A line under the attach button: what happened to a file the user gave us. */
export interface AttachNotice {
  id: number;
  tone: 'info' | 'error';
  /** Locale key in namespace `evidence`. */
  key: string;
  values: Record<string, string>;
  /** Locale key of the reason, for failures. */
  reasonKey?: string;
}

export interface AttachQueue {
  jobs: AttachJob[];
  notices: AttachNotice[];
  /** Changes whenever a record was written, so the list re-reads. */
  recordsVersion: number;
  chooseAndAttach(): Promise<void>;
  attachDropped(files: readonly File[]): Promise<void>;
  cancel(sourceId: string): void;
  dismiss(noticeId: number): void;
}

/**
 * Attaches files to one incident, one at a time (parallel encryption would
 * only compete for the same disk): main encrypts the source into the store
 * (uncommitted), the record is written, then main commits the file. A crash
 * between the steps leaves an uncommitted file that the next unlock's
 * reconcile removes or keeps, never a record without its file.
 */
export function useAttachQueue(incidentId: string): AttachQueue {
  const records = useEvidenceRecords();
  const [jobs, setJobs] = useState<AttachJob[]>([]);
  const [notices, setNotices] = useState<AttachNotice[]>([]);
  const [recordsVersion, setRecordsVersion] = useState(0);
  const queue = useRef<EvidenceSource[]>([]);
  const running = useRef(false);
  const rates = useRef(new Map<string, TransferRate>());
  const nextNotice = useRef(0);
  const mounted = useRef(true);

  const notify = useCallback((notice: Omit<AttachNotice, 'id'>) => {
    if (!mounted.current) return;
    nextNotice.current += 1;
    setNotices((current) => [...current, { ...notice, id: nextNotice.current }]);
  }, []);

  const updateJob = useCallback((sourceId: string, change: Partial<AttachJob>) => {
    setJobs((current) =>
      current.map((job) => (job.sourceId === sourceId ? { ...job, ...change } : job)),
    );
  }, []);

  const removeJob = useCallback((sourceId: string) => {
    rates.current.delete(sourceId);
    setJobs((current) => current.filter((job) => job.sourceId !== sourceId));
  }, []);

  useEffect(() => {
    mounted.current = true;
    const unsubscribe = evidenceApi().onEvidenceProgress(({ jobId, bytesDone, bytesTotal }) => {
      const rate = rates.current.get(jobId);
      if (!rate) return;
      rate.add(bytesDone, performance.now());
      updateJob(jobId, {
        bytesDone,
        bytesTotal,
        bytesPerSecond: rate.bytesPerSecond(),
        secondsLeft: rate.secondsLeft(bytesTotal),
      });
    });
    return () => {
      mounted.current = false;
      unsubscribe();
    };
  }, [updateJob]);

  const attachOne = useCallback(
    async (source: EvidenceSource) => {
      const api = evidenceApi();
      const name = source.name;
      rates.current.set(source.sourceId, new TransferRate());
      updateJob(source.sourceId, { state: 'running' });
      try {
        const result = await api.attachEvidence({ sourceId: source.sourceId });
        if (!result.ok) {
          if (result.error !== 'CANCELLED') {
            notify({
              tone: 'error',
              key: 'attach.failed',
              values: { name },
              reasonKey: evidenceErrorKey(result.error),
            });
          }
          return;
        }
        const { file } = result;
        let outcome: AttachmentOutcome;
        try {
          ({ outcome } = await records.recordAttachment(file, incidentId));
        } catch (error) {
          // Without its record a new file would be orphaned: drop it now rather than at the next unlock.
          if (!file.alreadyStored) await api.discardEvidence({ sha256: file.sha256 });
          throw error;
        }
        // Also when nothing changed in the database: the same file attached
        // again restores a stored copy that had gone missing.
        await api.commitEvidence({ sha256: file.sha256 });
        missingFiles.delete(file.sha256);
        if (mounted.current) setRecordsVersion((version) => version + 1);
        notify({
          tone: 'info',
          key: outcome === 'unchanged' ? 'attach.alreadyAttached' : 'attach.attached',
          values: { name },
        });
      } catch (error) {
        console.error('attach failed', error);
        notify({
          tone: 'error',
          key: 'attach.failed',
          values: { name },
          reasonKey: evidenceErrorKey(evidenceErrorCodeOf(error)),
        });
      } finally {
        removeJob(source.sourceId);
      }
    },
    [incidentId, notify, records, removeJob, updateJob],
  );

  const drain = useCallback(async () => {
    if (running.current) return;
    running.current = true;
    try {
      for (let source = queue.current.shift(); source; source = queue.current.shift()) {
        await attachOne(source);
      }
    } finally {
      running.current = false;
    }
  }, [attachOne]);

  const enqueue = useCallback(
    (sources: readonly EvidenceSource[]) => {
      if (sources.length === 0) return;
      queue.current.push(...sources);
      setJobs((current) => [
        ...current,
        ...sources.map((source) => ({
          sourceId: source.sourceId,
          name: source.name,
          size: source.size,
          state: 'queued' as const,
          bytesDone: 0,
          bytesTotal: source.size,
          bytesPerSecond: null,
          secondsLeft: null,
        })),
      ]);
      void drain();
    },
    [drain],
  );

  const failed = useCallback(
    (error: unknown) => {
      console.error('choosing files failed', error);
      notify({
        tone: 'error',
        key: 'attach.chooseFailed',
        values: {},
        reasonKey: evidenceErrorKey(evidenceErrorCodeOf(error)),
      });
    },
    [notify],
  );

  const chooseAndAttach = useCallback(async () => {
    try {
      const { sources } = await evidenceApi().chooseEvidenceFiles();
      enqueue(sources);
    } catch (error) {
      failed(error);
    }
  }, [enqueue, failed]);

  const attachDropped = useCallback(
    async (files: readonly File[]) => {
      if (files.length === 0) return;
      try {
        const { sources, refused } = await evidenceApi().registerDroppedFiles(files);
        if (refused.length > 0) {
          notify({ tone: 'error', key: 'attach.refused', values: { names: refused.join(', ') } });
        }
        enqueue(sources);
      } catch (error) {
        failed(error);
      }
    },
    [enqueue, failed, notify],
  );

  const cancel = useCallback(
    (sourceId: string) => {
      const waiting = queue.current.findIndex((source) => source.sourceId === sourceId);
      if (waiting >= 0) {
        queue.current.splice(waiting, 1);
        removeJob(sourceId);
      } else {
        updateJob(sourceId, { state: 'cancelling' });
      }
      // A waiting file is forgotten by main too, so it can never start.
      void evidenceApi()
        .cancelEvidenceAttach({ sourceId })
        .catch((error: unknown) => console.error('cancel failed', error));
    },
    [removeJob, updateJob],
  );

  const dismiss = useCallback((noticeId: number) => {
    setNotices((current) => current.filter((notice) => notice.id !== noticeId));
  }, []);

  return { jobs, notices, recordsVersion, chooseAndAttach, attachDropped, cancel, dismiss };
}
