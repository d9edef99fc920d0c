// The built-in syscall table: every syscall the runtime knows, by name.
import { LibosError } from '../base/errors.js';
import { capabilityDelegate } from '../syscalls/capability/delegate.js';
import { capabilityRequest } from '../syscalls/capability/request.js';
import { capabilityRevoke } from '../syscalls/capability/revoke.js';
import { clockNow } from '../syscalls/clock/now.js';
import { clockSleep } from '../syscalls/clock/sleep.js';
import type { AnySyscall } from '../syscalls/define-syscall.js';
import { FS_SYSCALLS } from '../syscalls/fs/fs-syscalls.js';
import { CHECKPOINT_SYSCALLS } from '../syscalls/checkpoint/checkpoint-syscalls.js';
import { humanAsk } from '../syscalls/human/ask.js';
import { humanNotify } from '../syscalls/human/notify.js';
import { humanRequestPermission } from '../syscalls/human/request-permission.js';
import { OBJECT_SYSCALLS } from '../syscalls/object/object-syscalls.js';
import { processChdir } from '../syscalls/process/chdir.js';
import { processExec } from '../syscalls/process/exec.js';
import { processExit } from '../syscalls/process/exit.js';
import { processFork } from '../syscalls/process/fork.js';
import { processReceive } from '../syscalls/process/receive.js';
import { processSend } from '../syscalls/process/send.js';
import { processSignal } from '../syscalls/process/signal.js';
import { processSpawn } from '../syscalls/process/spawn.js';
import { processWait } from '../syscalls/process/wait.js';
import { imageRegister } from '../syscalls/image/register.js';
import { modelCall } from '../syscalls/model/call.js';
import { netFetch } from '../syscalls/net/fetch.js';
import { mcpCall } from '../syscalls/mcp/call.js';
import { mcpListTools } from '../syscalls/mcp/list-tools.js';
import { shellRun } from '../syscalls/shell/run.js';
import { skillActivate } from '../syscalls/skill/activate.js';
import { skillRead } from '../syscalls/skill/read.js';
import { toolRegister } from '../syscalls/tool/register.js';

/** Every built-in syscall. */
export const BUILTIN_SYSCALLS: readonly AnySyscall[] = [
  ...FS_SYSCALLS,
  ...OBJECT_SYSCALLS,
  clockNow,
  clockSleep,
  humanAsk,
  humanRequestPermission,
  humanNotify,
  capabilityRequest,
  capabilityDelegate,
  capabilityRevoke,
  processSpawn,
  processFork,
  processExec,
  processSignal,
  processSend,
  processReceive,
  processWait,
  processExit,
  processChdir,
  imageRegister,
  modelCall,
  shellRun,
  netFetch,
  toolRegister,
  skillActivate,
  skillRead,
  mcpListTools,
  mcpCall,
  ...CHECKPOINT_SYSCALLS,
];

/**
 * Indexes syscalls by name.
 * @throws INTERNAL when two share a name
 */
export function syscallTable(
  syscalls: readonly AnySyscall[] = BUILTIN_SYSCALLS,
): ReadonlyMap<string, AnySyscall> {
  const table = new Map<string, AnySyscall>();
  for (const spec of syscalls) {
    if (table.has(spec.name))
      throw new LibosError(
        'INTERNAL',
        `Building the syscall table failed: ${spec.name} is defined twice`,
      );
    table.set(spec.name, spec);
  }
  return table;
}
