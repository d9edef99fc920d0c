// The checkpoint syscalls, in the order the syscall table lists them.
import type { AnySyscall } from '../define-syscall.js';
import { checkpointCreate } from './create.js';
import { checkpointDiff } from './diff.js';
import { checkpointFork } from './fork.js';
import { checkpointInspect } from './inspect.js';
import { checkpointList } from './list.js';
import { checkpointRestore } from './restore.js';

/** Every checkpoint syscall. */
export const CHECKPOINT_SYSCALLS: readonly AnySyscall[] = [
  checkpointCreate,
  checkpointList,
  checkpointInspect,
  checkpointDiff,
  checkpointRestore,
  checkpointFork,
];
