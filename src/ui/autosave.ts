/**
 * Autosave for a form: a draft of whatever is typed is written at most
 * `draftDelayMs` after a change (valid or not), and once the form is valid
 * and the user has paused for `commitDelayMs`, it is committed as the record
 * and the draft is deleted. Writes run one at a time in order, so a late
 * "delete draft" can never remove a newer draft.
 */
export interface AutosaveCallbacks<Form> {
  saveDraft: (form: Form) => Promise<void>;
  /** Writes the record; throws to keep the draft (a stale revision, a full disk). */
  commit: (form: Form) => Promise<void>;
  deleteDraft: () => Promise<void>;
  isValid: (form: Form) => boolean;
  onState: (state: AutosaveState) => void;
}

export type AutosaveState =
  /** Everything typed is in the record. */
  | { kind: 'saved' }
  /** Changes are waiting for the next write. */
  | { kind: 'pending' }
  | { kind: 'saving' }
  /** The draft is stored but the form cannot be committed until it is fixed. */
  | { kind: 'invalid' }
  /**
   * Committing (or writing the draft) failed. `draftKept`: the draft holds
   * everything typed; false when even the draft could not be written, so
   * closing would lose the typing.
   */
  | { kind: 'failed'; error: unknown; draftKept: boolean };

export interface AutosaveOptions {
  draftDelayMs?: number;
  commitDelayMs?: number;
}

export class AutosaveScheduler<Form> {
  private readonly draftDelayMs: number;
  private readonly commitDelayMs: number;
  private latest: Form | null = null;
  /** Counts changes; lets a write know whether something newer arrived meanwhile. */
  private version = 0;
  private draftedVersion = 0;
  private committedVersion = 0;
  private draftTimer: ReturnType<typeof setTimeout> | null = null;
  private commitTimer: ReturnType<typeof setTimeout> | null = null;
  private queue: Promise<void> = Promise.resolve();
  private blockedError: unknown = null;
  private disposed = false;

  constructor(
    private readonly callbacks: AutosaveCallbacks<Form>,
    options: AutosaveOptions = {},
  ) {
    this.draftDelayMs = options.draftDelayMs ?? 300;
    this.commitDelayMs = options.commitDelayMs ?? 1000;
  }

  /** True while something typed is not yet in the record. */
  get hasUncommittedChanges(): boolean {
    return this.version > this.committedVersion;
  }

  /** Records a change; the draft is written within `draftDelayMs`, the commit waits for a pause. */
  change(form: Form): void {
    if (this.disposed) return;
    this.latest = form;
    this.version += 1;
    this.callbacks.onState({ kind: 'pending' });
    // Not debounced: typing without pause must still reach the draft every few hundred ms.
    this.draftTimer ??= setTimeout(() => {
      this.draftTimer = null;
      void this.enqueue(() => this.writeDraft());
    }, this.draftDelayMs);
    if (this.commitTimer) clearTimeout(this.commitTimer);
    this.commitTimer = setTimeout(() => {
      this.commitTimer = null;
      void this.enqueue(() => this.tryCommit());
    }, this.commitDelayMs);
  }

  /**
   * Saves now (Ctrl+S, closing): writes the draft if needed and commits if
   * valid. Resolves to true when everything typed is in the record.
   */
  async flush(): Promise<boolean> {
    this.clearTimers();
    this.blockedError = null;
    await this.enqueue(async () => {
      await this.writeDraft();
      await this.tryCommit();
    });
    return !this.hasUncommittedChanges;
  }

  /** Forgets pending changes (after "discard"): the caller deletes the draft itself. */
  reset(): void {
    this.clearTimers();
    this.latest = null;
    this.committedVersion = this.version;
    this.draftedVersion = this.version;
    this.blockedError = null;
    this.callbacks.onState({ kind: 'saved' });
  }

  /** Waits for writes in flight; used before a screen goes away. */
  idle(): Promise<void> {
    return this.queue;
  }

  dispose(): void {
    this.disposed = true;
    this.clearTimers();
  }

  private clearTimers(): void {
    if (this.draftTimer) clearTimeout(this.draftTimer);
    if (this.commitTimer) clearTimeout(this.commitTimer);
    this.draftTimer = null;
    this.commitTimer = null;
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(task, task);
    return this.queue;
  }

  private async writeDraft(): Promise<void> {
    const form = this.latest;
    const version = this.version;
    if (form === null || version <= this.draftedVersion || version <= this.committedVersion) return;
    try {
      await this.callbacks.saveDraft(form);
      this.draftedVersion = version;
    } catch (error) {
      this.callbacks.onState({ kind: 'failed', error, draftKept: false });
    }
  }

  /** Whether the stored draft holds the typing up to `version`. */
  private draftHolds(version: number): boolean {
    return this.draftedVersion >= version;
  }

  private async tryCommit(): Promise<void> {
    const form = this.latest;
    const version = this.version;
    if (form === null || version <= this.committedVersion) return;
    if (!this.callbacks.isValid(form)) {
      // Invalid typing is kept only by the draft: if writing it failed
      // (writeDraft already reported it), "invalid" must not hide that.
      await this.writeDraft();
      if (this.draftedVersion >= version) this.callbacks.onState({ kind: 'invalid' });
      return;
    }
    // After a failed commit (a stale revision) only an explicit save retries.
    if (this.blockedError !== null) {
      this.callbacks.onState({
        kind: 'failed',
        error: this.blockedError,
        draftKept: this.draftHolds(version),
      });
      return;
    }
    this.callbacks.onState({ kind: 'saving' });
    try {
      await this.callbacks.commit(form);
    } catch (error) {
      this.blockedError = error;
      // Make sure the draft holds exactly what failed to commit.
      await this.writeDraft();
      this.callbacks.onState({ kind: 'failed', error, draftKept: this.draftHolds(version) });
      return;
    }
    this.committedVersion = version;
    if (version === this.version) {
      this.draftedVersion = version;
      try {
        await this.callbacks.deleteDraft();
      } catch {
        // A leftover draft is harmless: it is older than the record and ignored on open.
      }
      this.callbacks.onState({ kind: 'saved' });
    } else {
      this.callbacks.onState({ kind: 'pending' });
    }
  }
}
