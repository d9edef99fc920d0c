// `agent-libos objects show`: one object version's payload (or, with --json, its record too).
import { decodeUtf8 } from '../../base/decode-utf8.js';
import type { CliContext } from '../cli-context.js';
import { writeJson } from '../format/write-json.js';
import { printable } from '../format/printable.js';
import { openReadRuntime } from '../open-read-runtime.js';
import { parseCount } from '../parse-count.js';

/** Raw `objects show` arguments as commander parsed them. */
export interface ObjectShowOptions {
  /** `obj_…` (the latest version) or `obj_…@N`, the form journal entries and manifests print. */
  readonly ref: string;
}

/**
 * Prints a version of an object (`obj_…@N`, or the latest for a bare id): its payload as text
 * (control characters escaped) when it is UTF-8, else as base64 with a note on stderr. `--json`
 * prints the object, version, hash, size, labels and the content with its encoding. History
 * stays readable after deletion. (`--version` is the global version flag, hence `@N`.) Returns
 * the exit code.
 * @throws INVALID_ID, INVALID_INPUT / OUT_OF_RANGE (the version), NOT_FOUND
 */
export async function runObjectShow(
  context: CliContext,
  options: ObjectShowOptions,
): Promise<number> {
  const at = options.ref.indexOf('@');
  const id = at < 0 ? options.ref : options.ref.slice(0, at);
  const version =
    at < 0
      ? undefined
      : parseCount('@version', options.ref.slice(at + 1), { min: 1, max: 2 ** 31 });
  const runtime = await openReadRuntime(context);
  let payload: Awaited<ReturnType<typeof runtime.objects.read>>;
  try {
    payload = await runtime.objects.read(id, version === undefined ? {} : { version });
  } finally {
    await runtime.close();
  }
  const text = decodeUtf8(payload.bytes);
  if (context.json) {
    const { object } = payload;
    writeJson(context.io, {
      id: object.id,
      namespace: object.namespace,
      name: object.name,
      type: object.type,
      version: payload.version.version,
      latestVersion: object.latestVersion,
      deleted: object.deletedAt !== null,
      sha256: payload.version.sha256,
      size: payload.version.size,
      labels: payload.version.labels,
      encoding: text === null ? 'base64' : 'utf8',
      content: text ?? Buffer.from(payload.bytes).toString('base64'),
    });
  } else if (text === null) {
    context.io.stderr('the payload is not UTF-8 text; shown as base64\n');
    context.io.stdout(`${Buffer.from(payload.bytes).toString('base64')}\n`);
  } else {
    context.io.stdout(printable(text, { lines: 'keep' }));
  }
  return 0;
}
