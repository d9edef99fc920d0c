// The attribute names the runtime's spans carry: ids, names, codes and counts, never payloads.

/** Attribute keys of agent-libos spans (`gen_ai.*` where the OpenTelemetry GenAI conventions name one). */
export const ATTR = {
  pid: 'agent_libos.pid',
  parentPid: 'agent_libos.parent_pid',
  rootPid: 'agent_libos.root_pid',
  fence: 'agent_libos.quantum.fence',
  processKind: 'agent_libos.process.kind',
  processOutcome: 'agent_libos.process.outcome',
  quantumOutcome: 'agent_libos.quantum.outcome',
  syscall: 'agent_libos.syscall.name',
  callId: 'agent_libos.syscall.call_id',
  decision: 'agent_libos.syscall.decision',
  outcome: 'agent_libos.syscall.outcome',
  replayed: 'agent_libos.syscall.replayed',
  errorCode: 'agent_libos.error.code',
  turn: 'agent_libos.model.turn',
  modelOutcome: 'agent_libos.model.outcome',
  toolOutcome: 'agent_libos.tool.outcome',
  operationName: 'gen_ai.operation.name',
  provider: 'gen_ai.provider.name',
  requestModel: 'gen_ai.request.model',
  responseModel: 'gen_ai.response.model',
  inputTokens: 'gen_ai.usage.input_tokens',
  outputTokens: 'gen_ai.usage.output_tokens',
  toolName: 'gen_ai.tool.name',
  toolCallId: 'gen_ai.tool.call.id',
} as const;

/** Span names: low-cardinality, so a backend groups them (the name of the call is an attribute). */
export const SPAN = {
  process: 'agent.process',
  quantum: 'agent.quantum',
  syscall: 'agent.syscall',
  modelCall: 'agent.model_call',
  toolCall: 'agent.tool_call',
} as const;
