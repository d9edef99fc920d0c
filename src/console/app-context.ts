// What every page gets from the shell: the API client, the event hub, and the two message areas.
import { createContext } from 'preact';
import { useContext, useEffect, useRef } from 'preact/hooks';
import type { Api } from './api.js';
import type { EventHub, EventName } from './event-hub.js';

/** The services of a signed-in session. */
export interface AppServices {
  readonly api: Api;
  readonly hub: EventHub;
  /** Shows a failure as `code: message` in the alert area. */
  readonly report: (error: unknown) => void;
  /** Says something in the polite live region (new approvals, finished actions). */
  readonly announce: (text: string) => void;
}

/** The context the shell provides. */
export const AppContext = createContext<AppServices | null>(null);

/** The services; only valid below the signed-in shell. */
export function useApp(): AppServices {
  const services = useContext(AppContext);
  if (services === null) throw new Error('useApp outside the signed-in shell');
  return services;
}

/** Calls `listener` for each `name` event while the component is mounted. */
export function useEvent(name: EventName, listener: (data: unknown, seq: number) => void): void {
  const { hub } = useApp();
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(
    () =>
      hub.subscribe(name, (data, seq) => {
        latest.current(data, seq);
      }),
    [hub, name],
  );
}
