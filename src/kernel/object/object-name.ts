// What object and namespace names may look like, so that capability paths stay unambiguous.
import { privateNamespace } from './types.js';
import { findHiddenCharacter } from '../../base/find-hidden-character.js';
import type { Pid } from '../../base/ids.js';
import { OBJECT_LIMITS } from './limits.js';

/** One segment of a namespace name: lowercase letters, digits, `.`, `_`, `-`, at most 80. */
const SEGMENT = /^[a-z0-9][a-z0-9._-]{0,79}$/;

/**
 * Why `name` cannot name an object, or null when it can. An object's capability path is
 * `ns/<namespace>/<name>`; namespaces have exactly two segments and names exactly one, so a path
 * never reads two ways and a `ns/<namespace>/**` grant covers that namespace's objects only.
 * Names hold no `/`, no control or Unicode format characters (bidi overrides, zero-width
 * characters), no pattern wildcards (`*?[]{}`), no backslash, are NFC, not `.` or `..`, and have
 * no leading or trailing white space.
 */
export function checkObjectName(name: string): string | null {
  if (name.length === 0) return 'the name is empty';
  if (name.length > OBJECT_LIMITS.maxNameLength)
    return `the name is longer than ${OBJECT_LIMITS.maxNameLength} characters`;
  if (name === '.' || name === '..') return 'the name may not be . or ..';
  if (name.includes('/')) return 'the name may not contain /';
  const hidden = findHiddenCharacter(name, { allowLineBreaks: false });
  if (hidden !== null) return `the name contains ${hidden}`;
  if (/[*?[\]{}\\]/.test(name)) return 'the name may not contain * ? [ ] { } or \\';
  if (name.trim() !== name) return 'the name may not start or end with white space';
  if (/\p{Cs}/u.test(name) || name.normalize('NFC') !== name)
    return 'the name must be well-formed NFC Unicode';
  return null;
}

/**
 * Why `name` cannot name a namespace, or null when it can: two segments, `proc/<pid>` (a private
 * namespace, made at spawn) or `<prefix>/<name>` for shared ones.
 */
export function checkNamespaceName(name: string): string | null {
  const parts = name.split('/');
  if (parts.length !== 2 || !parts.every((p) => SEGMENT.test(p)))
    return 'a namespace is two segments of lowercase letters, digits, . _ or - (e.g. shared/research)';
  return null;
}

/**
 * Why a process or the operator cannot create a shared namespace called `name`, or null: it must
 * be a valid namespace outside `proc/` (private namespaces exist only for processes).
 */
export function checkSharedNamespaceName(name: string): string | null {
  const problem = checkNamespaceName(name);
  if (problem !== null) return problem;
  if (name.startsWith('proc/')) return 'proc/ namespaces are private to processes';
  return null;
}

/** Whether `namespace` is the private namespace of `pid`. */
export function isPrivateNamespaceOf(namespace: string, pid: Pid): boolean {
  return namespace === privateNamespace(pid);
}
