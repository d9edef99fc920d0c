// Table test of modelResource: specs to `model:` resources, and the specs it refuses.
import { describe, expect, it } from 'vitest';
import { modelResource } from './model-resource.js';

describe('modelResource', () => {
  it.each([
    ['openai:gpt-4.1-mini', 'openai/gpt-4.1-mini'],
    ['openai-chat:llama3.1:8b', 'openai-chat/llama3.1:8b'],
    ['anthropic:claude-sonnet-4-5', 'anthropic/claude-sonnet-4-5'],
    ['openai-chat:meta-llama/Llama-3-8B', 'openai-chat/meta-llama/Llama-3-8B'],
    ['scripted:./demo/script.yaml', 'scripted/script.yaml'],
    ['scripted:/tmp/a/../b.json', 'scripted/b.json'],
    ['fixture:crash', 'fixture/crash'],
  ])('names %s as model:%s', (spec, path) => {
    expect(modelResource(spec)).toEqual({ kind: 'model', path });
  });

  it.each(['', 'gpt-4', 'openai:', 'OpenAI:gpt', 'openai:a//b', 'openai:../x', 'openai:./x'])(
    'refuses %j with INVALID_INPUT',
    (spec) => {
      expect(() => modelResource(spec)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    },
  );
});
