// human.ask: asks the owner a free question and waits for the answer; needs `human:owner ask`.
import { z } from 'zod';
import type { HumanAnswer } from '../../ports/kernel-ops.js';
import { defineSyscall } from '../define-syscall.js';
import { humanText } from '../schemas.js';
import { deadlineAt, deadlineInput, OWNER } from './owner.js';

/** Asks the owner a question; the process waits until it is answered or the deadline passes. */
export const humanAsk = defineSyscall({
  name: 'human.ask',
  summary: 'Ask the human owner a question and wait for the answer.',
  input: z.object({ question: humanText, deadlineMs: deadlineInput }).strict(),
  resources: () => [{ resource: OWNER, right: 'ask' }],
  effect: 'state',
  // The answer is the owner's own words (origin human, trusted). The question declares no exit:
  // it is read in the operator's inbox, by the human who decides every held call anyway.
  received: () => ({ origins: ['human'] }),
  journal: (_input, output: HumanAnswer) => ({ request: output.request, state: output.state }),
  run: (input, ctx) =>
    ctx.kernel.askHuman({
      body: { kind: 'question', question: input.question },
      callHash: ctx.callHash,
      deadline: deadlineAt(ctx.clock.now(), input.deadlineMs),
    }),
});
