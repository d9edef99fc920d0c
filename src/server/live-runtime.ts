// The live-runtime note: where a runtime that owns the database serves its API, for the CLI to find.
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { LibosError } from '../base/errors.js';
import { sha256Hex } from '../base/hash.js';

/** The note's file name in the state directory. */
export const LIVE_FILE_NAME = 'live.json';

/** Longest socket path we bind (the kernel's limit is 107 bytes on Linux, 103 on macOS). */
const MAX_SOCKET_PATH = 100;

const liveSchema = z
  .object({
    pid: z.number().int().positive(),
    socket: z.string().min(1),
    url: z.string().nullable(),
    tokenFile: z.string().min(1),
    startedAt: z.number(),
    version: z.string(),
  })
  .strict();

/** What a live runtime publishes about itself. */
export type LiveRuntime = z.infer<typeof liveSchema>;

/**
 * The Unix socket path of the runtime whose state directory is `stateDirectory`:
 * `<state>/api.sock`, or, when that path is too long for a socket, a name derived from it in a
 * per-user directory under the system temp directory (created 0700 and checked to be ours).
 */
export function socketPathFor(stateDirectory: string): string {
  const inState = join(stateDirectory, 'api.sock');
  if (Buffer.byteLength(inState) <= MAX_SOCKET_PATH) return inState;
  const uid = process.getuid?.() ?? 0;
  const directory = join(tmpdir(), `agent-libos-${uid}`);
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const info = lstatSync(directory);
  if (!info.isDirectory() || (process.getuid !== undefined && info.uid !== uid))
    throw new LibosError(
      'NOT_PERMITTED',
      `Starting the API failed: ${directory} is not a directory of this user; remove it and try again`,
    );
  chmodSync(directory, 0o700);
  return join(directory, `${sha256Hex(stateDirectory).slice(0, 24)}.sock`);
}

/** Publishes `live` in `stateDirectory` (0600, replaced atomically). */
export function writeLiveNote(stateDirectory: string, live: LiveRuntime): void {
  const file = join(stateDirectory, LIVE_FILE_NAME);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(live, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, file);
}

/** Reads the note of `stateDirectory`; null when there is none or it is not one of ours. */
export function readLiveNote(stateDirectory: string): LiveRuntime | null {
  let text: string;
  try {
    text = readFileSync(join(stateDirectory, LIVE_FILE_NAME), 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = liveSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Removes the note of `stateDirectory` if it is the one process `pid` wrote. */
export function removeLiveNote(stateDirectory: string, pid: number): void {
  if (readLiveNote(stateDirectory)?.pid === pid)
    rmSync(join(stateDirectory, LIVE_FILE_NAME), { force: true });
}
