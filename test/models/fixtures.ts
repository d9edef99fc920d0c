// Shared requests, transcripts and error helpers for the model adapter tests.
import { expect } from 'vitest';
import { LibosError, type ErrorCode } from '../../src/base/errors.js';
import type { ModelMessage, ModelRequest, ToolSchema } from '../../src/ports/model-provider.js';

/** A dummy key: tests must never reach a real API, and the key must never leak into a message. */
export const DUMMY_OPENAI_KEY = 'sk-test-dummy-openai-0123456789abcdef';
export const DUMMY_ANTHROPIC_KEY = 'sk-ant-test-dummy-anthropic-0123456789';

export const READ_FILE_TOOL: ToolSchema = {
  name: 'read_file',
  description: 'Reads a file.',
  parameters: {
    type: 'object',
    properties: { path: { type: 'string' } },
    required: ['path'],
  },
};

/**
 * A transcript with everything the wire formats must carry: assistant text plus two tool calls
 * (one with malformed arguments), a successful and a failed tool result, a user turn right after
 * tool results, and an assistant turn with calls but no text.
 */
export const TRANSCRIPT: readonly ModelMessage[] = [
  { role: 'user', content: 'Summarize README.md' },
  {
    role: 'assistant',
    content: 'Reading it.',
    toolCalls: [
      { id: 'call_1', name: 'read_file', arguments: { path: 'README.md' } },
      { id: 'call_2', name: 'list_dir', arguments: { __malformed: '{"path": ' } },
    ],
  },
  { role: 'tool', toolCallId: 'call_1', name: 'read_file', content: '# Title', isError: false },
  {
    role: 'tool',
    toolCallId: 'call_2',
    name: 'list_dir',
    content: '{"code":"INVALID_INPUT","message":"Arguments are not valid JSON"}',
    isError: true,
  },
  { role: 'user', content: 'Go on' },
  {
    role: 'assistant',
    content: null,
    toolCalls: [{ id: 'call_3', name: 'read_file', arguments: {} }],
  },
  { role: 'tool', toolCallId: 'call_3', name: 'read_file', content: 'x', isError: false },
];

/** A request with sensible defaults; `overrides` replace single fields. */
export function makeRequest(overrides: Partial<ModelRequest> = {}): ModelRequest {
  return {
    system: 'You are a test agent.',
    messages: [{ role: 'user', content: 'Summarize README.md' }],
    tools: [READ_FILE_TOOL],
    maxOutputTokens: 256,
    caller: { pid: 'proc_00000001', goal: 'Summarize README.md', name: null },
    signal: new AbortController().signal,
    ...overrides,
  };
}

/** Awaits `promise`, expects a LibosError with `code`, and returns it for further checks. */
export async function expectModelError(
  promise: Promise<unknown>,
  code: ErrorCode,
): Promise<LibosError> {
  const error: unknown = await promise.then(
    () => new Error('expected the call to fail'),
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(LibosError);
  const libos = error as LibosError;
  expect({ code: libos.code, message: libos.message }).toMatchObject({ code });
  return libos;
}
