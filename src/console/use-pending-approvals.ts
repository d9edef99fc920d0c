// The pending approvals, kept live from the event stream for the whole app (inbox and nav count).
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Api } from './api.js';
import type { EventHub, StreamStatus } from './event-hub.js';
import type { HumanRequest, Page } from './types.js';
import { loadAll } from './use-load.js';

/** Describes a request in one line, for announcements. */
export function requestSummary(request: HumanRequest): string {
  const { body } = request;
  switch (body.kind) {
    case 'permission':
      return `${body.rights.join(', ')} on ${body.resource}`;
    case 'question':
      return `question: ${body.question}`;
    case 'notification':
      return `notification: ${body.message}`;
  }
}

/**
 * Loads the pending requests (again after every (re)connection of the stream, so nothing decided
 * while it was down lingers) and applies `request` events: a pending one joins, any other leaves.
 */
export function usePendingApprovals(
  services: {
    api: Api;
    hub: EventHub;
    report: (e: unknown) => void;
    announce: (t: string) => void;
  },
  status: StreamStatus,
): { readonly requests: readonly HumanRequest[]; readonly remove: (id: string) => void } {
  const { api, hub, report, announce } = services;
  const [requests, setRequests] = useState<readonly HumanRequest[]>([]);
  // Ids seen decided, expired or cancelled (by an event or here): a snapshot read before that
  // news arrived must not bring them back. And only the newest load may land.
  const settled = useRef(new Set<string>());
  const generation = useRef(0);
  const load = useCallback(() => {
    const mine = ++generation.current;
    loadAll<HumanRequest, string>((after) =>
      api.get<Page<HumanRequest>>('/api/approvals', { state: 'pending', limit: 1000, after }),
    ).then((list) => {
      if (mine === generation.current) setRequests(list.filter((r) => !settled.current.has(r.id)));
    }, report);
  }, [api, report]);
  useEffect(() => {
    if (status === 'live') load();
  }, [status, load]);
  useEffect(() => {
    load();
  }, [load]);
  useEffect(
    () =>
      hub.subscribe('request', (data) => {
        const request = data as HumanRequest;
        if (request.state.kind !== 'pending') settled.current.add(request.id);
        setRequests((list) => {
          const rest = list.filter((r) => r.id !== request.id);
          if (request.state.kind !== 'pending') return rest;
          if (rest.length === list.length)
            announce(`New approval request from ${request.pid}: ${requestSummary(request)}`);
          return [...rest, request].sort((a, b) => a.createdAt - b.createdAt);
        });
      }),
    [hub, announce],
  );
  const remove = useCallback((id: string) => {
    settled.current.add(id);
    setRequests((list) => list.filter((r) => r.id !== id));
  }, []);
  return { requests, remove };
}
