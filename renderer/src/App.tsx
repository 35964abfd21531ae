import { useCallback, useState } from 'react';
import type { EventRow } from '../../electron/contract/types';
import { EngineBanner } from './components/EngineBanner/EngineBanner';
import { HelpOverlay } from './components/HelpOverlay/HelpOverlay';
import { Nav, type PageId } from './components/Nav/Nav';
import { useHotkeys } from './hotkeys/useHotkeys';
import { useLive } from './live/LiveContext';
import { useAlertNotifications } from './live/useAlertNotifications';
import { EMPTY_EVENT_QUERY, type EventQuery } from './live/events-query';
import type { RangePreset } from './live/range';
import { AlertsPage } from './pages/AlertsPage';
import { DEFAULT_ALERT_QUERY, type AlertQuery } from './components/AlertList/AlertFilters';
import { AllowlistPage } from './pages/AllowlistPage';
import { ClientPage } from './pages/ClientPage';
import { EventsPage } from './pages/EventsPage';
import { OverviewPage } from './pages/OverviewPage';
import { ModelsPage } from './pages/ModelsPage';
import { RulesPage } from './pages/RulesPage';
import { SourcesPage } from './pages/SourcesPage';

/** Layout and navigation only: each page owns its queries. */
export function App() {
  const { bridge, counters } = useLive();
  const [page, setPage] = useState<PageId>('overview');
  const [preset, setPreset] = useState<RangePreset>('1h');
  const [client, setClient] = useState('');
  const [openUid, setOpenUid] = useState<number | null>(null);
  const [help, setHelp] = useState(false);
  const [focusSearch, setFocusSearch] = useState(0);
  // The Events page's filter and open event live here so that a pivot to a client and back keeps them.
  const [eventQuery, setEventQuery] = useState<EventQuery>(EMPTY_EVENT_QUERY);
  const [openEvent, setOpenEvent] = useState<EventRow | null>(null);
  // Likewise the Alerts page's filters: kept across pages, and set by the Overview's alerts-by-rule panel.
  const [alertQuery, setAlertQuery] = useState<AlertQuery>(DEFAULT_ALERT_QUERY);

  const showClient = (c: string) => {
    setClient(c);
    setPage('client');
  };
  const showEvents = (q: Partial<EventQuery>) => {
    setEventQuery({ ...EMPTY_EVENT_QUERY, ...q });
    setOpenEvent(null);
    setPage('events');
  };
  // An alert may be older than the range in use: its events are looked for over all stored time.
  const showAlertEvents = (q: Partial<EventQuery>) => {
    setPreset('all');
    showEvents(q);
  };
  const showAlerts = (patch: Partial<AlertQuery>) => {
    setAlertQuery({ ...DEFAULT_ALERT_QUERY, preset, ...patch });
    setOpenUid(null);
    setPage('alerts');
  };
  const kpiLinks = {
    events: () => showEvents({}),
    openAlerts: () => showAlerts({ status: 'open' }),
    errors: () => showEvents({ status: '4xx' }),
    parseErrors: () => setPage('sources'),
  };
  const showAlert = (uid: number) => {
    setOpenUid(uid);
    setPage('alerts');
  };
  // A clicked notification: its alert, or the Alerts page for a summary.
  const fromNotice = useCallback((uid: number | null) => {
    setOpenUid(uid);
    setPage('alerts');
  }, []);
  const notify = useAlertNotifications(fromNotice);

  useHotkeys({
    'page-overview': () => setPage('overview'),
    'page-alerts': () => setPage('alerts'),
    'page-client': () => setPage('client'),
    'page-sources': () => setPage('sources'),
    'page-rules': () => setPage('rules'),
    'page-allowlist': () => setPage('allowlist'),
    'page-models': () => setPage('models'),
    'page-events': () => setPage('events'),
    help: () => setHelp(true),
    'focus-search': () => {
      setPage('alerts');
      setFocusSearch((n) => n + 1);
    },
    close: () => {
      const active = document.activeElement;
      if (active instanceof HTMLElement && active !== document.body && ['INPUT', 'TEXTAREA', 'SELECT'].includes(active.tagName)) active.blur();
      else if (help) setHelp(false);
      else if (page === 'events' && openEvent !== null) setOpenEvent(null);
      else if (openUid !== null) setOpenUid(null);
    },
  });

  return (
    <div className="app">
      <Nav page={page} onPage={setPage} counters={counters} shell={bridge.shell} onHelp={() => setHelp(true)} notify={notify} />
      <EngineBanner />
      <main>
        {page === 'overview' && (
          <OverviewPage
            preset={preset}
            setPreset={setPreset}
            onClient={showClient}
            onRule={(rule) => showAlerts({ rule })}
            onWindow={(window) => showEvents({ window })}
            onEvents={showEvents}
            links={kpiLinks}
          />
        )}
        {page === 'alerts' && (
          <AlertsPage
            query={alertQuery}
            setQuery={setAlertQuery}
            focusSearch={focusSearch}
            openUid={openUid}
            setOpenUid={setOpenUid}
            onClient={showClient}
            onEvents={showAlertEvents}
          />
        )}
        {page === 'client' && (
          <ClientPage client={client} setClient={setClient} preset={preset} setPreset={setPreset} onAlert={showAlert} onEvents={showEvents} />
        )}
        {page === 'sources' && <SourcesPage />}
        {page === 'rules' && <RulesPage />}
        {page === 'allowlist' && <AllowlistPage />}
        {page === 'models' && <ModelsPage />}
        {page === 'events' && (
          <EventsPage
            query={eventQuery}
            setQuery={setEventQuery}
            open={openEvent}
            setOpen={setOpenEvent}
            preset={preset}
            setPreset={setPreset}
            onClient={showClient}
          />
        )}
      </main>
      {help && <HelpOverlay onClose={() => setHelp(false)} />}
    </div>
  );
}
