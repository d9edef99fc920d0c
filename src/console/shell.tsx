// The signed-in shell: header and navigation, the alert and live regions, and the current page.
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { createApi, describeError } from './api.js';
import { AppContext, type AppServices } from './app-context.js';
import { startEventHub, type StreamStatus } from './event-hub.js';
import { ApprovalsPage } from './approvals-page.js';
import { CapabilitiesPage } from './capabilities-page.js';
import { ExplainPage } from './explain-page.js';
import { JournalPage } from './journal-page.js';
import { ObjectsPage } from './objects-page.js';
import { ProcessesPage } from './processes-page.js';
import { TasksPage } from './tasks-page.js';
import { href, useRoute, type PageName, type Route } from './route.js';
import { usePendingApprovals } from './use-pending-approvals.js';
import type { HumanRequest } from './types.js';

const NAV: readonly { page: PageName; label: string }[] = [
  { page: 'approvals', label: 'Approvals' },
  { page: 'processes', label: 'Processes' },
  { page: 'tasks', label: 'Tasks' },
  { page: 'journal', label: 'Journal' },
  { page: 'explain', label: 'Explain' },
  { page: 'capabilities', label: 'Capabilities' },
  { page: 'objects', label: 'Objects' },
];

const STATUS_TEXT: Record<StreamStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
};

/** The console for one token; `onSignOut(why)` returns to the login form. */
export function Shell(props: { token: string; onSignOut: (why: string | null) => void }) {
  const { token, onSignOut } = props;
  const [alerts, setAlerts] = useState<readonly string[]>([]);
  const [announcement, setAnnouncement] = useState('');
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const unauthorized = useCallback(() => {
    onSignOut('The API token was refused (401): sign in again.');
  }, [onSignOut]);
  const api = useMemo(
    () => createApi(token, { onUnauthorized: unauthorized }),
    [token, unauthorized],
  );
  const hub = useMemo(
    () => startEventHub(token, { onUnauthorized: unauthorized, onStatus: setStatus }),
    [token, unauthorized],
  );
  useEffect(
    () => () => {
      hub.close();
    },
    [hub],
  );
  const report = useCallback((error: unknown) => {
    setAlerts((list) => [...list.slice(-4), describeError(error)]);
  }, []);
  const announce = useCallback((text: string) => {
    setAnnouncement(text);
  }, []);
  const services: AppServices = useMemo(
    () => ({ api, hub, report, announce }),
    [api, hub, report, announce],
  );
  const { requests: pending, remove } = usePendingApprovals(services, status);
  const route = useRoute();
  return (
    <AppContext.Provider value={services}>
      <a class="skip" href="#main" onClick={skipToMain}>
        Skip to content
      </a>
      <header class="top">
        <span class="brand">agent-libos</span>
        <nav aria-label="Main">
          <ul>
            {NAV.map((item) => (
              <li key={item.page}>
                <a
                  href={href(item.page)}
                  aria-current={route.page === item.page ? 'page' : undefined}
                >
                  {item.label}
                  {item.page === 'approvals' && pending.length > 0 ? ` (${pending.length})` : ''}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <span class={`stream ${status}`} role="status">
          {STATUS_TEXT[status]}
        </span>
        <button
          type="button"
          onClick={() => {
            hub.close();
            onSignOut(null);
          }}
        >
          Sign out
        </button>
      </header>
      <div role="alert" class="alerts">
        {alerts.map((text, i) => (
          <p key={i} class="error">
            {text}{' '}
            <button
              type="button"
              class="small"
              onClick={() => {
                setAlerts((list) => list.filter((_, j) => j !== i));
              }}
            >
              Dismiss
            </button>
          </p>
        ))}
      </div>
      <div aria-live="polite" class="visually-hidden">
        {announcement}
      </div>
      <main id="main" tabIndex={-1}>
        <CurrentPage route={route} pending={pending} onDecided={remove} />
      </main>
    </AppContext.Provider>
  );
}

function skipToMain(e: Event): void {
  e.preventDefault();
  document.getElementById('main')?.focus();
}

function CurrentPage(props: {
  route: Route;
  pending: readonly HumanRequest[];
  onDecided: (id: string) => void;
}) {
  const { route } = props;
  switch (route.page) {
    case 'approvals':
      return (
        <ApprovalsPage pending={props.pending} selectedId={route.arg} onDecided={props.onDecided} />
      );
    case 'processes':
      return <ProcessesPage pid={route.arg} params={route.params} />;
    case 'tasks':
      return <TasksPage id={route.arg} />;
    case 'journal':
      return <JournalPage params={route.params} />;
    case 'explain':
      return <ExplainPage pid={route.arg} call={route.params.get('call')} />;
    case 'capabilities':
      return <CapabilitiesPage pid={route.arg} params={route.params} />;
    case 'objects':
      return <ObjectsPage params={route.params} />;
  }
}
