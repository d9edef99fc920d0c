// human.notify: leaves a notification for the owner without waiting; needs `human:owner notify`.
import { z } from 'zod';
import { defineSyscall, done } from '../define-syscall.js';
import { humanText } from '../schemas.js';
import { OWNER } from './owner.js';

/** Notifies the owner; never blocks. */
export const humanNotify = defineSyscall({
  name: 'human.notify',
  summary: 'Notify the human owner without waiting.',
  input: z.object({ message: humanText }).strict(),
  resources: () => [{ resource: OWNER, right: 'notify' }],
  effect: 'external',
  // A notification leaves the runtime for the owner's channel (push, chat): cleared per channel.
  exit: () => ({ kind: 'human', target: OWNER.path }),
  journal: (_input, output: { request: string }) => ({ request: output.request }),
  run: async (input, ctx) =>
    done({
      request: await ctx.kernel.notifyHuman({ message: input.message, callHash: ctx.callHash }),
    }),
});
