// The file effects a run's before and after snapshots show: writes (appends counted from content) and deletes.
import type { Effect, Observed } from './effect.js';
import type { FileEntry, FileSnapshot } from './snapshot-files.js';

/**
 * The writes and deletes that tell `before` from `after`, one entry per changed path. A path a
 * link leads to is named by the link's path too (a write through `out/report.txt` that lands in
 * `../outside/report.txt` matches a pattern on either). A write's count is read from the content
 * (see {@link countWrites}); a deleted path is one delete.
 */
export function observeFileEffects(
  before: FileSnapshot,
  after: FileSnapshot,
  options: { readonly contents: readonly string[] },
): Observed[] {
  const links = new Map([...before.links, ...after.links]);
  const paths = [...new Set([...before.entries.keys(), ...after.entries.keys()])].sort();
  const out: Observed[] = [];
  for (const path of paths) {
    const was = before.entries.get(path);
    const is = after.entries.get(path);
    if (sameEntry(was, is)) continue;
    const op = is === undefined ? 'delete' : 'write';
    const named = (name: string): Effect => ({ kind: 'fs', op, path: name });
    out.push({
      effect: named(path),
      aliases: aliasesOf(path, links).map(named),
      count: is === undefined ? 1 : countWrites(was, is, options),
      where: 'files',
    });
  }
  return out;
}

/**
 * How many writes at least turned `was` into `is`. One, unless the text added (what follows the
 * old content, or the whole new content) is some content the run wrote, repeated: then as many
 * as the repetitions — `line\nline\n` after one append of `line\n` is two appends. Of several
 * contents that fit, the one giving the fewest writes counts, so a coincidence cannot inflate it.
 * @example countWrites(undefined, { type: 'file', content: 'v1v1' }, { contents: ['v1'] }) // 2
 */
export function countWrites(
  was: FileEntry | undefined,
  is: FileEntry,
  options: { readonly contents: readonly string[] },
): number {
  if (is.type !== 'file') return 1;
  const old = was?.type === 'file' ? was.content : null;
  const added =
    old !== null && is.content.startsWith(old) ? is.content.slice(old.length) : is.content;
  if (added === '') return 1;
  let fewest: number | null = null;
  for (const unit of options.contents) {
    if (unit === '' || added.length % unit.length !== 0) continue;
    const times = added.length / unit.length;
    if (unit.repeat(times) === added) fewest = Math.min(fewest ?? times, times);
  }
  return fewest ?? 1;
}

function sameEntry(a: FileEntry | undefined, b: FileEntry | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.type === 'file' && b.type === 'file') return a.content === b.content;
  if (a.type === 'link' && b.type === 'link') return a.target === b.target;
  return false;
}

/** The paths through links that lead to `path` (`docs/shared/x` for `../outside/x`). */
function aliasesOf(path: string, links: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  for (const [link, target] of links) {
    if (link === path) continue;
    if (path === target) out.push(link);
    else if (path.startsWith(`${target}/`)) out.push(`${link}${path.slice(target.length)}`);
  }
  return out;
}
