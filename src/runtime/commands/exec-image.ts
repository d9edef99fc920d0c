// Moving a process to another image: exec by the process itself, or the operator's version change.
import type { Json } from '../../base/canonical-json.js';
import { LibosError } from '../../base/errors.js';
import { sha256Hex } from '../../base/hash.js';
import type { Pid } from '../../base/ids.js';
import { formatImageRef } from '../../kernel/agent/image-ref.js';
import { isTerminal, type AgentProcess } from '../../kernel/process/types.js';
import type { ExecRequest, ExecResult } from '../../ports/kernel-ops.js';
import { resolveImage } from '../agent/image-registry.js';
import { dropAuthority } from '../authority/drop-authority.js';
import { grantImageSkills } from '../skills/grant-image-skills.js';
import type { RuntimeDeps } from '../deps.js';
import { leased, type LeaseRef } from './block.js';
import { runCommand } from './command-scope.js';
import { oncePerCall } from './once-per-call.js';

/**
 * Replaces the image (and optionally the goal) of the calling process, keeping its pid, and
 * shrinks its authority to what it names in `keep` (with restrictions, lineage and its model,
 * which always stay), in one transaction journaled as `process.execed`. A re-issued call gets the
 * outcome of the first.
 * @throws NOT_FOUND (no such image or version), INVALID_INPUT (a malformed image reference),
 *   NOT_PERMITTED (`keep` names a record the caller does not hold)
 */
export function execProcess(
  deps: RuntimeDeps,
  lease: LeaseRef,
  input: ExecRequest & { readonly call?: string },
): Promise<ExecResult> {
  const attempted = 'Executing an image';
  return runCommand(deps, { actor: lease.pid }, async (scope) => {
    const process = await leased(scope, lease, attempted);
    const { value } = await oncePerCall(scope, { pid: lease.pid, key: input.call }, async () => {
      const image = await resolveImage(scope.tx, input.imageId, {
        ...(input.imageVersion === undefined ? {} : { version: input.imageVersion }),
        attempted,
      });
      const authority = await dropAuthority(scope, {
        pid: lease.pid,
        keep: input.keep ?? [],
        attempted,
      });
      const goal = input.goal ?? process.goal;
      await scope.write({ ...process, imageId: image.id, imageVersion: image.version, goal });
      // The new image's Skills, after the old image's went with the rest of what was dropped.
      await grantImageSkills(scope, deps, { pid: lease.pid, imageRef: formatImageRef(image) });
      const outcome = {
        imageId: image.id,
        imageVersion: image.version,
        kept: [...authority.kept],
        dropped: [...authority.dropped],
      };
      scope.journal('process.execed', lease.pid, {
        from: formatImageRef({ id: process.imageId, version: process.imageVersion }),
        ...outcome,
        goalSha256: sha256Hex(goal),
      });
      return outcome satisfies Json;
    });
    return value;
  });
}

/**
 * Moves `pid` (not ended) to another version of the image it runs, as the operator: its authority
 * and goal stay (they are the operator's to change); the agent loop runs the new version from the
 * process's next quantum. Journals `process.image-changed { from, imageId, imageVersion }`.
 * Returns the process as written (unchanged when it already runs that version).
 * @throws NOT_FOUND (no such process or version), ILLEGAL_TRANSITION (an ended process)
 */
export function setImageVersion(
  deps: RuntimeDeps,
  input: { pid: Pid; version: number },
): Promise<AgentProcess> {
  const attempted = 'Changing the image version';
  return runCommand(deps, { actor: 'operator' }, async (scope) => {
    const process = await scope.load(input.pid, attempted);
    if (isTerminal(process.state))
      throw new LibosError(
        'ILLEGAL_TRANSITION',
        `${attempted} failed: ${input.pid} has ${process.state.kind}`,
        { details: { pid: input.pid } },
      );
    const image = await resolveImage(scope.tx, process.imageId, {
      version: input.version,
      attempted,
    });
    if (image.version === process.imageVersion) return process;
    const written = await scope.write({ ...process, imageVersion: image.version });
    // The new version's Skills are granted; what an earlier version's got stays (the operator's to
    // revoke, like the rest of its authority).
    await grantImageSkills(scope, deps, { pid: input.pid, imageRef: formatImageRef(image) });
    scope.journal('process.image-changed', input.pid, {
      from: formatImageRef({ id: process.imageId, version: process.imageVersion }),
      imageId: image.id,
      imageVersion: image.version,
    });
    return written;
  });
}
