// The kernel operations of one quantum bound to one syscall call, so every state change it makes is made once per call.
import type { McpClients, McpToolInfo } from '../ports/mcp-client.js';
import type { McpTool } from '../kernel/mcp/types.js';
import type { Json } from '../base/canonical-json.js';
import type { MessageId, Pid } from '../base/ids.js';
import type { AgentImage } from '../kernel/agent/types.js';
import type { JitToolEntry } from '../kernel/agent/jit-tool.js';
import type { Capability, CapabilityId, ConcreteResource } from '../kernel/capability/types.js';
import type { Right } from '../kernel/capability/catalog.js';
import type { Decision } from '../kernel/capability/decide.js';
import type { ResolvedAddress } from '../ports/host-resolver.js';
import type { RequestBody, RequestId } from '../kernel/approval/types.js';
import type { Message } from '../kernel/mailbox/types.js';
import type { AgentProcess, MessageFilter, Signal } from '../kernel/process/types.js';
import type {
  Blocking,
  CallCompletion,
  ChildEnding,
  ChildSpec,
  ExecRequest,
  ExecResult,
  HumanAnswer,
  KernelOps,
  ModelRequestBody,
  SkillFileRead,
} from '../ports/kernel-ops.js';
import type { CommandAuthority, CommandRunner } from '../ports/command-runner.js';
import type { ModelResponse } from '../ports/model-provider.js';
import type { ObjectOps } from '../ports/object-ops.js';
import type { CheckpointOps } from '../ports/checkpoint-ops.js';
import type { QuantumContext } from './quantum-context.js';

/**
 * What a syscall body sees as `ctx.kernel`: the quantum's kernel calls with the call's key passed
 * to each state change (spawn, fork, exec, signal, send, sleep, chdir, delegate, revoke, register,
 * a taken human answer, Object Memory writes). Reads and waits pass straight through.
 */
export class CallKernel implements KernelOps {
  private readonly quantum: QuantumContext;
  private readonly call: string;
  private readonly completion: CallCompletion | undefined;
  readonly objects: ObjectOps;
  readonly checkpoints: CheckpointOps;

  constructor(quantum: QuantumContext, call: string, completion?: CallCompletion) {
    this.quantum = quantum;
    this.call = call;
    this.completion = completion;
    this.objects = quantum.objects.forCall(call);
    this.checkpoints = quantum.checkpoints.forCall(call);
  }

  /** Binding again is binding to the new call. */
  forCall(key: string, completion?: CallCompletion): KernelOps {
    return new CallKernel(this.quantum, key, completion);
  }

  spawn(spec: ChildSpec & { imageId: string; goal: string }): Promise<AgentProcess> {
    return this.quantum.spawn(spec, { call: this.call });
  }

  fork(spec: ChildSpec): Promise<AgentProcess> {
    return this.quantum.fork(spec, { call: this.call });
  }

  exec(input: ExecRequest): Promise<ExecResult> {
    return this.quantum.exec(input, { call: this.call });
  }

  signalChild(pid: Pid, signal: Signal): Promise<void> {
    return this.quantum.signalChild(pid, signal, { call: this.call });
  }

  send(to: Pid, body: Json, options: { interrupt: boolean }): Promise<MessageId> {
    return this.quantum.send(to, body, { ...options, call: this.call });
  }

  receive(options: {
    wait: boolean;
    filter: MessageFilter;
    limit: number;
    key?: string;
  }): Promise<Blocking<Message[]>> {
    return this.quantum.receive(options);
  }

  wait(pids: readonly Pid[], options: { wait: boolean }): Promise<Blocking<ChildEnding[]>> {
    return this.quantum.wait(pids, options);
  }

  sleep(ms: number): Promise<{ wakeAt: number }> {
    return this.quantum.sleep(ms, { call: this.call });
  }

  exit(result: Json): Promise<void> {
    return this.quantum.exit(result);
  }

  chdir(path: string): Promise<string> {
    return this.quantum.chdir(path, { call: this.call });
  }

  delegate(input: Parameters<KernelOps['delegate']>[0]): Promise<Capability> {
    return this.quantum.delegate(input, { call: this.call });
  }

  revoke(id: CapabilityId): Promise<number> {
    return this.quantum.revoke(id, { call: this.call });
  }

  askHuman(input: {
    body: RequestBody;
    callHash: string;
    deadline: number | null;
  }): Promise<Blocking<HumanAnswer>> {
    return this.quantum.askHuman(input, { call: this.call });
  }

  registerImage(image: AgentImage): Promise<AgentImage> {
    return this.quantum.registerImage(image, { call: this.call });
  }

  registerTool(input: { name: string }): Promise<JitToolEntry> {
    return this.quantum.registerTool(input, { call: this.call, objects: this.objects });
  }

  readSkill(input: { name: string; path: string }): Promise<SkillFileRead> {
    return this.quantum.readSkill(input);
  }

  notifyHuman(input: { message: string; callHash: string }): Promise<RequestId> {
    return this.quantum.notifyHuman(input);
  }

  callModel(input: {
    spec: string;
    turn: number;
    request: ModelRequestBody;
    onSend: () => void;
  }): Promise<{ response: ModelResponse; requestSha256: string }> {
    return this.quantum.callModel(
      this.completion === undefined ? input : { ...input, completion: this.completion },
    );
  }

  decideNeed(
    need: { readonly resource: ConcreteResource; readonly right: Right },
    options: { readonly callHash: string },
  ): Promise<Decision> {
    return this.quantum.decideNeed(need, options);
  }

  resolveHost(
    name: string,
    options: { readonly signal: AbortSignal },
  ): Promise<readonly ResolvedAddress[]> {
    return this.quantum.resolveHost(name, options);
  }

  commandRunner(): CommandRunner | null {
    return this.quantum.commandRunner();
  }

  commandAuthority(): Promise<CommandAuthority> {
    return this.quantum.commandAuthority();
  }

  mcpClients(): McpClients | null {
    return this.quantum.mcpClients();
  }

  recordMcpTools(server: string, tools: readonly McpToolInfo[]): Promise<readonly McpTool[]> {
    return this.quantum.recordMcpTools(server, tools);
  }
}
