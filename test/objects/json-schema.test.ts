// json objects: content must be JSON, and every version must satisfy the schema given at creation.
import { describe, expect, it } from 'vitest';
import { attempt, objectRuntime, once, valueOf, type Outcome } from './object-kit.js';

const TODO = {
  type: 'object',
  required: ['items'],
  additionalProperties: false,
  properties: {
    items: {
      type: 'array',
      maxItems: 3,
      items: {
        type: 'object',
        required: ['title', 'done'],
        properties: { title: { type: 'string', minLength: 1 }, done: { type: 'boolean' } },
      },
    },
  },
};

describe('json objects with a schema', () => {
  it('validates creation and every update; a bad version changes nothing', async () => {
    const log: Outcome[] = [];
    await using t = await objectRuntime({
      writer: once(async (ctx) => {
        const good = { items: [{ title: 'write tests', done: false }] };
        log.push(
          await attempt(ctx, 'object.create', {
            name: 'todo',
            type: 'json',
            content: good,
            schema: TODO,
          }),
        );
        log.push(
          await attempt(ctx, 'object.update', {
            name: 'todo',
            content: { items: [{ title: '', done: 'no' }] },
            expectedVersion: 1,
          }),
        );
        log.push(
          await attempt(ctx, 'object.update', {
            name: 'todo',
            content: '{"items": [{"title": "ship", "done": true}]}',
            expectedVersion: 1,
          }),
        );
        log.push(
          await attempt(ctx, 'object.update', {
            name: 'todo',
            content: 'not json at all',
            expectedVersion: 2,
          }),
        );
        log.push(await attempt(ctx, 'object.read', { name: 'todo' }));
        log.push(
          await attempt(ctx, 'object.create', {
            name: 'bad-schema',
            type: 'json',
            content: {},
            schema: { type: 'object', patternProperties: {} },
          }),
        );
        log.push(
          await attempt(ctx, 'object.create', {
            name: 'text-schema',
            type: 'text',
            content: 'x',
            schema: { type: 'string' },
          }),
        );
        log.push(
          await attempt(ctx, 'object.create', {
            name: 'invalid-first',
            type: 'json',
            content: { items: 'nope' },
            schema: TODO,
          }),
        );
        log.push(
          await attempt(ctx, 'object.create', { name: 'free', type: 'json', content: [1, 2] }),
        );
      }),
    });
    await t.runtime.spawn({ imageId: 'base', goal: 'writer' });
    await t.runtime.run();
    expect(valueOf(log[0])).toMatchObject({ version: 1, type: 'json' });
    expect(log[1]).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    const why = log[1]?.ok === false ? log[1].message : '';
    expect(why).toContain('/items/0/title: has 0 characters, fewer than 1');
    expect(why).toContain('/items/0/done: expected "boolean", got string');
    expect(valueOf(log[2])).toMatchObject({ version: 2 });
    expect(log[3]).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(JSON.parse(valueOf(log[4]).content as string)).toEqual({
      items: [{ title: 'ship', done: true }],
    });
    expect(log[5]).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(log[5]?.ok === false && log[5].message).toContain('"patternProperties"');
    expect(log[6]).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(log[7]).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(valueOf(log[8]).size).toBe(5);
  });
});
