import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActorsScreen } from '../actors/ActorsScreen';
import { newId } from '../domain/ids';
import { IncidentEditor } from '../incidents/editor/IncidentEditor';
import { IncidentListScreen } from '../incidents/list/IncidentListScreen';
import { INITIAL_LIST_VIEW, type ListViewState } from '../incidents/list/list-view-state';
import { ContactsScreen } from '../exchange/contacts/ContactsScreen';
import { ExchangeScreen } from '../exchange/ExchangeScreen';
import { PendingConflictsBadge } from '../exchange/conflicts/PendingConflictsBadge';
import { SettingsScreen } from '../settings/SettingsScreen';
import { LanguageSwitch } from './LanguageSwitch';
import { ShortcutsHelp } from './ShortcutsHelp';
import { routeToHash, sectionOf, type Route } from './routes';
import { isEditableElement, isMacPlatform, shortcutFor } from './shortcuts';
import { useHashRoute } from './use-hash-route';

const SECTIONS = [
  { route: { name: 'incidents' }, labelKey: 'nav.incidents' },
  { route: { name: 'actors' }, labelKey: 'nav.actors' },
  { route: { name: 'exchange' }, labelKey: 'nav.exchange' },
  { route: { name: 'contacts' }, labelKey: 'nav.contacts' },
  { route: { name: 'settings' }, labelKey: 'nav.settings' },
] as const satisfies readonly { route: Route; labelKey: string }[];

export interface AppProps {
  /**
   * Saves drafts, locks the vault and reloads to the unlock screen (the top
   * bar button and Ctrl/Cmd+L). Absent where there is no vault (shell tests).
   */
  onLock?: () => void;
}

/**
 * The application shell: top bar with the language switch and the lock
 * button, side navigation, the current screen, and the global keyboard shortcuts.
 */
export function App({ onLock }: AppProps = {}) {
  const { t } = useTranslation('common');
  const [route, navigate] = useHashRoute();
  const [helpOpen, setHelpOpen] = useState(false);
  const [listView, setListView] = useState<ListViewState>(INITIAL_LIST_VIEW);
  const [focusSearchRequest, setFocusSearchRequest] = useState(0);
  const mainRef = useRef<HTMLElement>(null);
  const isMac = useMemo(() => isMacPlatform(navigator.userAgent), []);
  const section = sectionOf(route);

  const newIncident = useCallback(() => navigate({ name: 'incident', id: newId() }), [navigate]);
  const closeEditor = useCallback(() => navigate({ name: 'incidents' }), [navigate]);
  const searchFocused = useCallback(() => setFocusSearchRequest(0), []);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.repeat) return;
      const action = shortcutFor(event, {
        isMac,
        inEditableField: isEditableElement(document.activeElement),
      });
      if (!action) return;
      event.preventDefault();
      if (action === 'newIncident') {
        setHelpOpen(false);
        newIncident();
      } else if (action === 'lock') {
        setHelpOpen(false);
        onLock?.();
      } else if (action === 'focusSearch') {
        setHelpOpen(false);
        navigate({ name: 'incidents' });
        setFocusSearchRequest((request) => request + 1);
      } else {
        setHelpOpen(true);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [isMac, navigate, newIncident, onLock]);

  // After moving to another screen, start the keyboard and screen reader at the new content,
  // unless the screen already put focus somewhere (the editor on its first field).
  const routeKey = routeToHash(route);
  const previousRouteKey = useRef(routeKey);
  useEffect(() => {
    if (previousRouteKey.current === routeKey) return;
    previousRouteKey.current = routeKey;
    const active = document.activeElement;
    if (!active || active === document.body || active.closest('.sidenav')) {
      mainRef.current?.focus({ preventScroll: true });
    }
  }, [routeKey]);

  const modKey = t(isMac ? 'keys.cmd' : 'keys.ctrl');

  return (
    <div className="shell">
      <a
        className="skip-link"
        href="#main"
        onClick={(event) => {
          // The hash is the route: move focus without touching it.
          event.preventDefault();
          mainRef.current?.focus();
        }}
      >
        {t('skipToContent')}
      </a>

      <header className="topbar">
        <div className="topbar__brand">
          <span className="topbar__name">{t('appName')}</span>
          <span className="topbar__tagline">{t('appTagline')}</span>
        </div>
        <div className="topbar__tools">
          <button
            type="button"
            className="button button--quiet"
            aria-keyshortcuts="F1"
            aria-haspopup="dialog"
            onClick={() => setHelpOpen(true)}
          >
            {t('shortcuts.open')}
          </button>
          <LanguageSwitch />
          {onLock ? (
            <button
              type="button"
              className="button"
              data-testid="lock-button"
              aria-keyshortcuts={isMac ? 'Meta+L' : 'Control+L'}
              title={t('lock.hint', { shortcut: `${modKey}+L` })}
              onClick={onLock}
            >
              {t('lock.button')}
            </button>
          ) : null}
        </div>
      </header>

      <nav className="sidenav" aria-label={t('nav.label')}>
        <ul>
          {SECTIONS.map((item) => (
            <li key={item.route.name}>
              <a
                href={routeToHash(item.route)}
                aria-current={section === item.route.name ? 'page' : undefined}
              >
                {t(item.labelKey)}
                {item.route.name === 'exchange' && <PendingConflictsBadge />}
              </a>
            </li>
          ))}
        </ul>
      </nav>

      <main id="main" className="main" ref={mainRef} tabIndex={-1}>
        {route.name === 'incidents' && (
          <IncidentListScreen
            view={listView}
            onViewChange={setListView}
            onNewIncident={newIncident}
            focusSearchRequest={focusSearchRequest}
            onSearchFocused={searchFocused}
            newIncidentShortcut={`${modKey}+N`}
          />
        )}
        {route.name === 'incident' && (
          <IncidentEditor key={route.id} incidentId={route.id} onClose={closeEditor} />
        )}
        {route.name === 'actors' && <ActorsScreen />}
        {route.name === 'exchange' && <ExchangeScreen />}
        {route.name === 'contacts' && <ContactsScreen />}
        {route.name === 'settings' && <SettingsScreen />}
      </main>

      <ShortcutsHelp open={helpOpen} isMac={isMac} onClose={() => setHelpOpen(false)} />
    </div>
  );
}
