import type { ApiEvent, ApiMethod } from '../../src/domain/api';

/**
 * The IPC channel of each API method, copied from src/domain/api.ts so the
 * sandboxed preload bundle does not pull in zod and the schemas just to learn
 * channel names. channels.spec.ts fails if the two tables ever differ.
 */
export const PRELOAD_CHANNELS: Readonly<Record<ApiMethod, string>> = {
  getSystemLocales: 'system:get-locales',
  openExternal: 'shell:open-external',
  saveTextFile: 'files:save-text',
  copyText: 'clipboard:write-text',
  vaultStatus: 'vault:status',
  createVault: 'vault:create',
  unlockVault: 'vault:unlock',
  lockVault: 'vault:lock',
  changePassphrase: 'vault:change-passphrase',
  setVaultSettings: 'vault:set-settings',
  wipeVault: 'vault:wipe',
  chooseEvidenceFiles: 'evidence:choose',
  registerDroppedFiles: 'evidence:register-dropped',
  attachEvidence: 'evidence:attach',
  cancelEvidenceAttach: 'evidence:cancel-attach',
  commitEvidence: 'evidence:commit',
  reconcileEvidence: 'evidence:reconcile',
  openEvidence: 'evidence:open',
  verifyEvidence: 'evidence:verify',
  saveEvidenceCopy: 'evidence:save-copy',
  discardEvidence: 'evidence:discard',
  getPublicIdentity: 'exchange:public-identity',
  openTextFile: 'files:open-text',
  chooseBundleTarget: 'exchange:choose-target',
  exportBundle: 'exchange:export',
  cancelBundleJob: 'exchange:cancel',
  chooseBundleSource: 'exchange:choose-source',
  openBundleForImport: 'exchange:open-import',
  finishBundleImport: 'exchange:finish-import',
};

/** The channel of each event main sends unasked, copied from `apiEvents` for the same reason. */
export const PRELOAD_EVENT_CHANNELS: Readonly<Record<ApiEvent, string>> = {
  lockRequested: 'vault:lock-requested',
  evidenceProgress: 'evidence:progress',
  bundleProgress: 'exchange:progress',
};
