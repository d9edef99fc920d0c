// The provider-neutral shape of a failed model call, so one mapping to error codes serves every SDK.

/**
 * What went wrong with a model call, as classified from an SDK error: aborted by a signal, timed
 * out, no connection, a response (body or stream) that stopped before it was complete, an HTTP
 * error status (or an error the server reported inside a stream, given the status it stands
 * for), or a response body that could not be parsed.
 */
export type ProviderFailure =
  | { readonly kind: 'aborted' }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'connection' }
  | { readonly kind: 'interrupted' }
  | {
      readonly kind: 'http';
      readonly status: number;
      readonly headers: Headers | undefined;
      /** The provider's machine-readable error code (`error.code`), when it sent one. */
      readonly code: string | null;
      /** The provider's error type (`error.type`), when it sent one. */
      readonly type: string | null;
      /** The provider's human-readable message (`error.message`), unsanitised. */
      readonly message: string | null;
    }
  | { readonly kind: 'malformed' };
