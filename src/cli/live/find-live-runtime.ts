// Finds the runtime that owns the command's database right now (serve, run, resume), if any.
import { stateDirectoryOf } from '../../runtime/reserved-paths.js';
import { ApiClient } from '../../server/api-client.js';
import { readToken } from '../../server/api-token.js';
import { readLiveNote } from '../../server/live-runtime.js';
import type { CliContext } from '../cli-context.js';

/**
 * Reads `<state>/live.json` and checks that the runtime it names answers on its Unix socket with
 * the token in its token file; returns a client of it, or null when no runtime is live (no note,
 * a dead runtime's note, an unreadable token).
 */
export async function findLiveRuntime(context: CliContext): Promise<ApiClient | null> {
  const note = readLiveNote(stateDirectoryOf(context.dbPath));
  if (note === null) return null;
  let token: string;
  try {
    token = readToken(note.tokenFile);
  } catch {
    return null;
  }
  const client = new ApiClient({ socket: note.socket }, token);
  try {
    await client.health();
    return client;
  } catch {
    return null;
  }
}
