import { StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import './styles/global.css';
import { App } from './app/App';
import { IncidentIndexContext } from './app/incident-index-context';
import { chooseStartLanguage } from './app/language-preference';
import { LiveIncidentIndex } from './app/live-incident-index';
import { RepositoryContext } from './app/repository-context';
import { StartupError } from './app/StartupError';
import type { Repository } from './db/repository-types';
import { ForeignKeyError, openRepository } from './db/repository';
import type { VaultSession, VaultStatus } from './domain/api';
import { installDropGuard } from './app/drop-guard';
import { startEvidenceSession } from './evidence/evidence-session';
import { initI18n } from './i18n';
import { IncidentIndex } from './incidents/search/search-index';
import { prefetchSnapshotRows } from './db/snapshot-prefetch';
import { storedIndexSnapshots } from './incidents/search/stored-snapshots';
import { draftFlushes } from './vault/flush-registry';
import { ForeignKeyScreen } from './vault/ForeignKeyScreen';
import { createLocker } from './vault/lock';
import { offerToHarness } from './app/harness-slot';
import { importRecordsKey } from './vault/records-cipher';
import { createSealedCodec } from './vault/sealed-codec';
import { VaultStart } from './vault/VaultStart';

function renderStartupError(root: Root, error: unknown): void {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  root.render(
    <StrictMode>
      <StartupError reason={reason} />
    </StrictMode>,
  );
}

/** The one lock procedure: save drafts, main forgets its keys, reload to the unlock screen. */
const lock = createLocker({
  flushes: draftFlushes,
  lockVault: () => window.depter.lockVault(),
  reload: () => window.location.reload(),
});

/**
 * After an unlock (or first start): the records key becomes a non-extractable
 * CryptoKey and the base64 string is not kept anywhere; the sealed database
 * opens and the app renders.
 */
async function openSession(
  root: Root,
  session: VaultSession,
  prefetchedSnapshot: Promise<readonly unknown[] | null>,
): Promise<void> {
  let repository: Repository;
  try {
    const codec = createSealedCodec(await importRecordsKey(session.recordsKey));
    repository = await openRepository({ codec, deviceId: session.deviceId });
  } catch (error) {
    // The records key does not open the records already stored: nothing was written.
    if (error instanceof ForeignKeyError) {
      root.render(
        <StrictMode>
          <ForeignKeyScreen />
        </StrictMode>,
      );
    } else {
      renderStartupError(root, error);
    }
    return;
  }
  offerToHarness(repository);

  // Built in slices with a macrotask between them: with 100,000 incidents a
  // single stretch would freeze typing for several seconds after unlock.
  // The index comes from its sealed snapshot when there is a usable one (plus
  // what changed since); otherwise it is built from every record.
  const liveIndex = new LiveIncidentIndex(
    repository,
    (incidents, actors, signal) => IncidentIndex.buildInSlices(incidents, actors, { signal }),
    {},
    storedIndexSnapshots(repository, {}, prefetchedSnapshot),
  );
  root.render(
    <StrictMode>
      <RepositoryContext.Provider value={repository}>
        <IncidentIndexContext.Provider value={liveIndex}>
          <App onLock={() => void lock()} />
        </IncidentIndexContext.Provider>
      </RepositoryContext.Provider>
    </StrictMode>,
  );
  // Idle timeout, system suspend or screen lock, as decided by main.
  window.depter.onLockRequested(() => void lock());
  // The first page (recent incidents) renders as soon as it is read; the full index follows.
  void liveIndex.start();
  void startEvidenceSession(repository);
  window.addEventListener('pagehide', () => {
    liveIndex.stop();
    repository.close();
  });
}

async function start(): Promise<void> {
  const container = document.getElementById('root');
  if (!container) throw new Error('index.html lacks #root');
  const root = createRoot(container);
  installDropGuard(window);

  const language = await chooseStartLanguage(
    window.localStorage,
    () => window.depter.getSystemLocales(),
    navigator.languages,
  );
  await initI18n(language);

  let status: VaultStatus;
  try {
    status = await window.depter.vaultStatus();
    if (status.state === 'unlocked') {
      // This window was reloaded without a lock (its keys are gone with the old page):
      // make main forget its copies too, and ask for the passphrase again.
      await window.depter.lockVault();
      status = await window.depter.vaultStatus();
    }
  } catch (error) {
    renderStartupError(root, error);
    return;
  }

  // Read while the passphrase is typed and checked: the sealed rows need no key.
  const prefetchedSnapshot =
    status.state === 'locked'
      ? prefetchSnapshotRows({ indexedDB: window.indexedDB })
      : Promise.resolve(null);
  root.render(
    <StrictMode>
      <VaultStart
        initialStatus={status}
        onSession={(session) => void openSession(root, session, prefetchedSnapshot)}
      />
    </StrictMode>,
  );
}

void start();
