// The size limits of Object Memory: payloads, schemas, names, sources and pages.

/** Default limits; a runtime may lower or raise `maxPayloadBytes` (see RuntimeOptions). */
export const OBJECT_LIMITS = {
  /** Largest payload of one version (16 MiB). */
  maxPayloadBytes: 16 * 1024 * 1024,
  /** Largest JSON Schema attached to a `json` object (64 KiB of JSON text). */
  maxSchemaBytes: 64 * 1024,
  /** Deepest nesting a JSON Schema may have. */
  maxSchemaDepth: 32,
  /** Longest object name, in UTF-16 code units. */
  maxNameLength: 200,
  /** Most source objects one version may name. */
  maxSources: 64,
  /** Most objects one list page returns. */
  maxPage: 500,
} as const;
