// The one client of the HTTP API: adds the bearer token and turns the error wire form into ApiError.

/** An API call that failed: the server's stable code and message, and the HTTP status. */
export class ApiError extends Error {
  /** Creates an error from the wire form's code and message. */
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Query values; undefined and empty ones are left out. */
export type Query = Readonly<Record<string, string | number | undefined>>;

/** The calls the pages make; every one resolves with the parsed JSON answer. */
export interface Api {
  readonly get: <T>(path: string, query?: Query) => Promise<T>;
  readonly post: <T>(path: string, body?: unknown) => Promise<T>;
  readonly del: <T>(path: string) => Promise<T>;
  /** The bearer token, for the event stream. */
  readonly token: string;
}

/** Builds a path with its query string. */
export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text === '' ? path : `${path}?${text}`;
}

/** Creates the client; `onUnauthorized` runs when the server answers 401 (the token is wrong). */
export function createApi(token: string, options: { onUnauthorized: () => void }): Api {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new ApiError('UNREACHABLE', `The runtime did not answer: ${String(error)}`, 0);
    }
    if (response.status === 401) {
      options.onUnauthorized();
      throw new ApiError('UNAUTHORIZED', 'The API token was refused: sign in again', 401);
    }
    const parsed: unknown = await response.json().catch(() => null);
    if (!response.ok) throw toError(parsed, response.status);
    return parsed as T;
  };
  return {
    token,
    get: (path, query) => call('GET', withQuery(path, query)),
    post: (path, body) => call('POST', path, body ?? {}),
    del: (path) => call('DELETE', path),
  };
}

function toError(parsed: unknown, status: number): ApiError {
  const error =
    typeof parsed === 'object' && parsed !== null && 'error' in parsed ? parsed.error : null;
  if (typeof error === 'object' && error !== null && 'code' in error && 'message' in error)
    return new ApiError(String(error.code), String(error.message), status);
  return new ApiError('HTTP_' + String(status), `The runtime answered ${status}`, status);
}

/** The text shown for a failure: `code: message`. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return `${error.code}: ${error.message}`;
  return `INTERNAL: ${error instanceof Error ? error.message : String(error)}`;
}

/** True when the server has no such route (an endpoint not yet deployed). */
export function isMissingRoute(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404 && /no such route/.test(error.message);
}
