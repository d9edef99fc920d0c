// Naming what a directory entry is, as the fs syscalls report it (links are reported, never followed).

/** What an entry is: a regular file, a directory, a symbolic link or anything else. */
export type EntryType = 'file' | 'dir' | 'symlink' | 'other';

/** The parts of `fs.Stats` (from `lstat`) that tell an entry's type. */
export interface TypedStats {
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

/** The entry type of `lstat` results; a symbolic link is `symlink` whatever it points to. */
export function entryTypeOf(stats: TypedStats): EntryType {
  if (stats.isSymbolicLink()) return 'symlink';
  if (stats.isFile()) return 'file';
  if (stats.isDirectory()) return 'dir';
  return 'other';
}

/** The size an entry is reported with: bytes for files and link text, 0 for the rest. */
export function reportedSize(stats: TypedStats & { readonly size: number }): number {
  return stats.isFile() || stats.isSymbolicLink() ? stats.size : 0;
}
