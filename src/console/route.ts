// Hash routes (`#/page/arg?key=value`): parsing, and a hook that follows hashchange.
import { useEffect, useState } from 'preact/hooks';

/** The pages of the console. */
export const PAGES = [
  'approvals',
  'processes',
  'tasks',
  'journal',
  'explain',
  'capabilities',
  'objects',
] as const;

/** One page name. */
export type PageName = (typeof PAGES)[number];

/** Where the app is. */
export interface Route {
  readonly page: PageName;
  /** The path segment after the page (a pid, an id), or null. */
  readonly arg: string | null;
  readonly params: URLSearchParams;
}

/** Parses a location hash; anything unknown is the approvals inbox. */
export function parseRoute(hash: string): Route {
  const text = hash.replace(/^#\/?/, '');
  const q = text.indexOf('?');
  const path = q < 0 ? text : text.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : text.slice(q + 1));
  const [name = '', arg] = path.split('/');
  const page = (PAGES as readonly string[]).includes(name) ? (name as PageName) : 'approvals';
  return { page, arg: arg === undefined || arg === '' ? null : decodeURIComponent(arg), params };
}

/** Builds a hash link. */
export function href(page: PageName, arg?: string | null, params?: Record<string, string>): string {
  const query = params === undefined ? '' : new URLSearchParams(params).toString();
  return `#/${page}${arg == null ? '' : `/${encodeURIComponent(arg)}`}${query === '' ? '' : `?${query}`}`;
}

/** The current route, re-rendering on every hash change. */
export function useRoute(): Route {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const onChange = (): void => {
      setHash(location.hash);
    };
    addEventListener('hashchange', onChange);
    return () => {
      removeEventListener('hashchange', onChange);
    };
  }, []);
  return parseRoute(hash);
}
