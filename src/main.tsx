import { StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import './styles/global.css';
import { App } from './app/App';
import { IncidentIndexContext } from './app/incident-index-context';
import { chooseStartLanguage } from './app/language-preference';
import { LiveIncidentIndex } from './app/live-incident-index';
import { RepositoryContext } from './app/repository-context';
import { StartupError } from './app/StartupError';
import { openRepository } from './db/repository';
import type { Repository } from './db/repository-types';
import { initI18n } from './i18n';
import { IncidentIndex } from './incidents/search/search-index';

function renderStartupError(root: Root, error: unknown): void {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  root.render(
    <StrictMode>
      <StartupError reason={reason} />
    </StrictMode>,
  );
}

async function start(): Promise<void> {
  const container = document.getElementById('root');
  if (!container) throw new Error('index.html lacks #root');
  const root = createRoot(container);

  const language = await chooseStartLanguage(
    window.localStorage,
    () => window.depter.getSystemLocales(),
    navigator.languages,
  );
  await initI18n(language);

  let repository: Repository;
  try {
    repository = await openRepository();
  } catch (error) {
    renderStartupError(root, error);
    return;
  }

  const liveIndex = new LiveIncidentIndex(repository, (incidents, actors) =>
    IncidentIndex.build(incidents, actors),
  );
  root.render(
    <StrictMode>
      <RepositoryContext.Provider value={repository}>
        <IncidentIndexContext.Provider value={liveIndex}>
          <App />
        </IncidentIndexContext.Provider>
      </RepositoryContext.Provider>
    </StrictMode>,
  );
  // The first page (recent incidents) renders as soon as it is read; the full index follows.
  void liveIndex.start();
  window.addEventListener('pagehide', () => {
    liveIndex.stop();
    repository.close();
  });
}

void start();
