// The public API of agent-libos: every line here is a promise to users.
export { openRuntime, type OpenRuntimeOptions } from './open-runtime.js';
export { defaultDbPath, resolveDbPath, stateHome } from './state-directory.js';
export { Runtime, type RuntimeOptions } from './runtime/runtime.js';
export { QuantumContext, type QuantumBody } from './runtime/quantum-context.js';
export type { RunReport } from './runtime/scheduler.js';
export { verifyJournal } from './runtime/verify-journal.js';
export { BUILTIN_SYSCALLS } from './runtime/syscall-table.js';
export { processSpanContext } from './runtime/telemetry/process-span-context.js';
export { TRACER_NAME } from './runtime/telemetry/tracing.js';
export { ATTR as SPAN_ATTRIBUTES, SPAN as SPAN_NAMES } from './runtime/telemetry/attributes.js';
export {
  defineSyscall,
  done,
  type SyscallSpec,
  type SyscallRunContext,
  type SyscallResult,
  type ResourceNeed,
} from './syscalls/define-syscall.js';
export { openSqliteStore } from './store/sqlite/open-sqlite-store.js';
export type { Store, StoreReader, StoreTx } from './ports/store.js';
export type { ExecRequest, ExecResult, KernelOps } from './ports/kernel-ops.js';
export type { HostResolver, ResolvedAddress } from './ports/host-resolver.js';
export {
  LibosError,
  ERROR_CODES,
  isLibosError,
  type ErrorCode,
  type WireError,
} from './base/errors.js';
export {
  createSystemClock,
  createManualClock,
  type Clock,
  type ManualClock,
} from './base/clock.js';
export {
  createRandomIdSource,
  createSequentialIdSource,
  parseId,
  type Pid,
  type TaskId,
  type IdSource,
} from './base/ids.js';
export type { AgentProcess, ProcessState, Wait, Signal, Actor } from './kernel/process/types.js';
export type { Budget, Usage } from './kernel/budget/types.js';
export type { Capability, CapabilityId } from './kernel/capability/types.js';
export type { HumanRequest, PermissionDecision } from './kernel/approval/types.js';
export type { JournalEntry } from './kernel/journal/entry.js';
export type { Message } from './kernel/mailbox/types.js';
export type { Task, TaskRun, TaskStatus } from './kernel/task/types.js';
export type { TaskCalls, TaskStartInput, FollowUpInput } from './runtime/tasks/operator-tasks.js';
export type { FollowedUp } from './runtime/tasks/follow-up-task.js';
export type { TaskView, TaskRunView, TaskSummary } from './runtime/tasks/task-view.js';
export { createTempRuntime, type TempRuntime } from './testing/temp-runtime.js';
export { createAgentBody } from './runtime/agent/agent-body.js';
export type {
  AgentLoopOptions,
  AgentEvent,
  ToolCallOutcome,
} from './runtime/agent/agent-options.js';
export { BUILTIN_IMAGES } from './kernel/agent/builtin-images.js';
export type { AgentImage } from './kernel/agent/types.js';
export { formatImageRef, parseImageRef, type ImageRef } from './kernel/agent/image-ref.js';
export { readImagePackage, type ImagePackage } from './packages/read-image-package.js';
export {
  loadImagePackage,
  registerImagePackage,
  type ImageRegistrar,
  type LoadedImagePackage,
} from './packages/load-image-package.js';
export type { Skill, SkillFile } from './kernel/skill/types.js';
export { SKILL_LIMITS } from './kernel/skill/types.js';
export { parseSkillMd, type SkillDocument } from './kernel/skill/parse-skill-md.js';
export { OperatorSkills } from './runtime/skills/operator-skills.js';
export type { SkillRegistration } from './runtime/skills/register-skill.js';
export { BUILTIN_TOOLS } from './tools/tool-table.js';
export { defineTool, type Tool, type ToolContext } from './tools/define-tool.js';
export { createModelProvider } from './models/create-provider.js';
export { createScriptedProvider } from './models/scripted/create-scripted-provider.js';
export { loadScriptedProvider } from './models/scripted/load-scripted-provider.js';
export type {
  ModelProvider,
  ModelRequest,
  ModelResponse,
  ModelDelta,
  ToolCall,
} from './ports/model-provider.js';
export type {
  LiveChannel,
  LiveEvent,
  LiveFilter,
  ModelDeltaEvent,
  ToolCallDelta,
} from './runtime/live-channel.js';
export type { StreamModels } from './runtime/agent/call-model.js';
