// The filesystem syscalls, for the registry.
import type { AnySyscall } from '../define-syscall.js';
import { fsDelete } from './fs-delete.js';
import { fsList } from './fs-list.js';
import { fsMkdir } from './fs-mkdir.js';
import { fsMove } from './fs-move.js';
import { fsRead } from './fs-read.js';
import { fsStat } from './fs-stat.js';
import { fsWrite } from './fs-write.js';

/** Every `fs.*` syscall: read, write, list, stat, mkdir, delete, move. */
export const FS_SYSCALLS: readonly AnySyscall[] = [
  fsRead,
  fsWrite,
  fsList,
  fsStat,
  fsMkdir,
  fsDelete,
  fsMove,
];
