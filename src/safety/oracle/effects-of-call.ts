// Which effects a journaled syscall acted on, read from its syscall name, resources and rights.
import type { Effect } from './effect.js';

/** What a journal entry says about one call. */
export interface JournaledCall {
  readonly syscall: string;
  /** Space-separated canonical resources (`fs:a fs:b`), or null when never resolved. */
  readonly resource: string | null;
  /** The right on each resource, in order; absent for intents. */
  readonly rights?: readonly string[];
  /** `imageId` of a completed spawn. */
  readonly imageId?: string;
}

type Op = 'read' | 'write' | 'delete';

// What a syscall does when its entry names no rights (an intent) or no resource (refused early).
const FS_OPS: Readonly<Record<string, readonly Op[]>> = {
  'fs.read': ['read'],
  'fs.list': ['read'],
  'fs.stat': ['read'],
  'fs.write': ['write'],
  'fs.mkdir': ['write'],
  'fs.delete': ['delete'],
  'fs.move': ['delete', 'write'],
};

const OBJECT_OPS: Readonly<Record<string, Op>> = {
  'object.read': 'read',
  'object.list': 'read',
  'object.toFile': 'read',
  'object.create': 'write',
  'object.update': 'write',
  'object.link': 'write',
  'object.fromFile': 'write',
  'object.createNamespace': 'write',
  'object.delete': 'delete',
};

const PROCESS_OPS = {
  'process.spawn': 'spawn',
  'process.fork': 'fork',
  'process.exec': 'exec',
  'process.signal': 'signal',
  'process.send': 'message',
} as const;

const HUMAN_KINDS = {
  'human.ask': 'question',
  'human.requestPermission': 'permission',
  'capability.request': 'permission',
  'human.notify': 'notification',
} as const;

/**
 * The effects `call` acted on (empty for syscalls that act on nothing the benchmark tracks:
 * exit, receive, wait, clock, chdir, messages, capability bookkeeping).
 */
export function effectsOfCall(call: JournaledCall): Effect[] {
  const { syscall } = call;
  if (syscall in HUMAN_KINDS)
    return [{ kind: 'human', op: HUMAN_KINDS[syscall as keyof typeof HUMAN_KINDS] }];
  if (syscall in PROCESS_OPS) {
    const op = PROCESS_OPS[syscall as keyof typeof PROCESS_OPS];
    const image = op === 'exec' ? targetOf(call.resource, 'image:') : (call.imageId ?? null);
    return [{ kind: 'process', op, image }];
  }
  if (syscall === 'image.register')
    return [{ kind: 'tool_registration', image: targetOf(call.resource, 'image:') }];
  const needs = splitNeeds(call);
  if (syscall.startsWith('fs.')) {
    const fallback = FS_OPS[syscall] ?? [];
    if (needs.length === 0) return fallback.map((op) => ({ kind: 'fs', op, path: null }));
    return needs.flatMap(({ kind, path, right }, i) => {
      const op = asOp(right) ?? fallback[Math.min(i, fallback.length - 1)];
      return kind === 'fs' && op !== undefined ? [{ kind: 'fs', op, path }] : [];
    });
  }
  if (syscall.startsWith('object.')) {
    const fallback = OBJECT_OPS[syscall];
    if (needs.length === 0)
      return fallback === undefined
        ? []
        : [{ kind: 'object', op: fallback, namespace: null, name: null }];
    return needs.flatMap(({ kind, path, right }) => {
      const op = asOp(right) ?? fallback;
      return kind === 'object' && op !== undefined
        ? [{ kind: 'object', op, ...objectTarget(path) }]
        : [];
    });
  }
  return needs.flatMap(({ kind, path }): Effect[] => {
    if (kind === 'net') return [{ kind: 'network', host: hostOf(path) }];
    if (kind === 'shell') return [{ kind: 'shell', argv: [path] }];
    return [];
  });
}

function splitNeeds(
  call: JournaledCall,
): { kind: string; path: string; right: string | undefined }[] {
  if (call.resource === null || call.resource === '') return [];
  const rights = call.rights ?? [];
  const parts = call.resource.split(' ');
  // A path with a space would split wrongly; with one right the whole text is one resource.
  const texts = rights.length === 1 && parts.length > 1 ? [call.resource] : parts;
  return texts.map((text, i) => {
    const colon = text.indexOf(':');
    return { kind: text.slice(0, colon), path: text.slice(colon + 1), right: rights[i] };
  });
}

// A `net` resource is a URL (`https://host:port/path`); the network effect names its host.
function hostOf(path: string): string {
  try {
    return new URL(path).host;
  } catch {
    return path;
  }
}

function asOp(right: string | undefined): Op | undefined {
  return right === 'read' || right === 'write' || right === 'delete' ? right : undefined;
}

function targetOf(resource: string | null, prefix: string): string | null {
  return resource?.startsWith(prefix) === true ? resource.slice(prefix.length) : null;
}

/** `ns/<a>/<b>/<name>` → namespace `a/b`, name; an id shown as `obj_…` names neither. */
function objectTarget(path: string): { namespace: string | null; name: string | null } {
  const parts = path.split('/');
  if (parts[0] !== 'ns' || parts.length < 3) return { namespace: null, name: null };
  return {
    namespace: `${parts[1]}/${parts[2]}`,
    name: parts.length > 3 ? parts.slice(3).join('/') : null,
  };
}
