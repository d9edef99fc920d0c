// The input schema of model.call: the provider-neutral request the agent loop sends, checked in full.
import { z } from 'zod';
import type { ModelMessage, ToolSchema } from '../../ports/model-provider.js';

const jsonObject = z.record(z.string(), z.json());

const toolCall = z
  .object({
    id: z.string().min(1).max(200),
    name: z.string().min(1).max(200),
    arguments: jsonObject,
  })
  .strict();

/** One message of a model request (user, assistant with tool calls, or tool result). */
export const modelMessageInput: z.ZodType<ModelMessage> = z.discriminatedUnion('role', [
  z.object({ role: z.literal('user'), content: z.string() }).strict(),
  z
    .object({
      role: z.literal('assistant'),
      content: z.string().nullable(),
      toolCalls: z.array(toolCall).max(256),
    })
    .strict(),
  z
    .object({
      role: z.literal('tool'),
      toolCallId: z.string().min(1).max(200),
      name: z.string().min(1).max(200),
      content: z.string(),
      isError: z.boolean(),
    })
    .strict(),
]);

/** One tool offered to the model: name, description and JSON Schema of its arguments. */
export const toolSchemaInput: z.ZodType<ToolSchema> = z
  .object({
    name: z.string().min(1).max(200),
    description: z.string().max(10_000),
    parameters: jsonObject,
  })
  .strict();

/** The request: system prompt, messages, tools and the output cap. */
export const modelRequestInput = z
  .object({
    system: z.string().max(2_000_000),
    messages: z.array(modelMessageInput).max(100_000),
    tools: z.array(toolSchemaInput).max(512),
    maxOutputTokens: z.number().int().min(1).max(1_000_000),
  })
  .strict();

/** The request as model.call receives it. */
export type ModelRequestInput = z.infer<typeof modelRequestInput>;
