// The Object Memory syscalls, for the registry.
import type { AnySyscall } from '../define-syscall.js';
import { objectCreate } from './create.js';
import { objectCreateNamespace } from './create-namespace.js';
import { objectDelete } from './delete.js';
import { objectFromFile } from './from-file.js';
import { objectLink } from './link.js';
import { objectList } from './list.js';
import { objectRead } from './read.js';
import { objectToFile } from './to-file.js';
import { objectUpdate } from './update.js';

/** Every `object.*` syscall. */
export const OBJECT_SYSCALLS: readonly AnySyscall[] = [
  objectCreate,
  objectRead,
  objectUpdate,
  objectList,
  objectDelete,
  objectLink,
  objectFromFile,
  objectToFile,
  objectCreateNamespace,
];
