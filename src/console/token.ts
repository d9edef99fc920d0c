// The API token: taken once from the login URL's `#token=`, then kept in session storage only.

const KEY = 'agent-libos.token';

/**
 * Moves a `#token=…` (the whole fragment, as `serve` prints it) from the URL into session storage
 * and replaces it in the address bar at once, so it is not left in a bookmark or a shared link
 * (the browser's history may still hold the visit it arrived with). Returns the stored token, or
 * null when there is none.
 */
export function takeToken(): string | null {
  const match = /^#token=([^&]+)$/.exec(location.hash);
  if (match?.[1] !== undefined) {
    sessionStorage.setItem(KEY, decodeURIComponent(match[1]));
    history.replaceState(null, '', `${location.pathname}${location.search}#/approvals`);
  }
  return sessionStorage.getItem(KEY);
}

/** Keeps a token typed into the login form. */
export function storeToken(token: string): void {
  sessionStorage.setItem(KEY, token);
}

/** Forgets the token (sign out, or after a 401). */
export function clearToken(): void {
  sessionStorage.removeItem(KEY);
}
