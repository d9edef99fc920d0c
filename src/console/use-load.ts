// A hook that loads data through the API when its inputs change, and reports failures.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { isMissingRoute, type Api } from './api.js';
import { useApp } from './app-context.js';

/** What a load is at. */
export interface Loaded<T> {
  readonly data: T | null;
  readonly loading: boolean;
  /** True when the server has no such route yet (an older runtime). */
  readonly missing: boolean;
  readonly failed: boolean;
  readonly reload: () => void;
  /** Replaces the data (live updates). */
  readonly update: (change: (data: T | null) => T | null) => void;
}

/**
 * Runs `load` when `key` changes (null: load nothing). Failures go to the alert area, except a
 * missing route, which the page explains in place.
 */
export function useLoad<T>(key: string | null, load: (api: Api) => Promise<T>): Loaded<T> {
  const { api, report } = useApp();
  const [data, setData] = useState<T | null>(null);
  const [loading, setLoading] = useState(false);
  const [missing, setMissing] = useState(false);
  const [failed, setFailed] = useState(false);
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (key === null) return;
    let current = true;
    setLoading(true);
    setMissing(false);
    setFailed(false);
    load(api).then(
      (value) => {
        if (!current) return;
        setData(value);
        setLoading(false);
      },
      (error: unknown) => {
        if (!current) return;
        setData(null);
        setLoading(false);
        setFailed(true);
        if (isMissingRoute(error)) setMissing(true);
        else report(error);
      },
    );
    return () => {
      current = false;
    };
    // `load` is a fresh closure each render; `key` names what it loads.
  }, [key, round, api]);
  const reload = useCallback(() => {
    setRound((r) => r + 1);
  }, []);
  return { data, loading, missing, failed, reload, update: setData };
}

/** Reads every page of a keyset-paged list. */
export async function loadAll<T, C>(
  page: (
    after: C | undefined,
  ) => Promise<{ readonly items: readonly T[]; readonly next: C | null }>,
  options: { max?: number } = {},
): Promise<T[]> {
  const items: T[] = [];
  let after: C | undefined;
  for (;;) {
    const answer = await page(after);
    items.push(...answer.items);
    if (answer.next === null || items.length >= (options.max ?? 50_000)) return items;
    after = answer.next;
  }
}
