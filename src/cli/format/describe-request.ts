// What a human request asks, as text: the question, the permission wanted, or the notice.
import type { RequestBody } from '../../kernel/approval/types.js';
import { printable } from './printable.js';

/**
 * The text `approvals list` and the prompter show for `body`: a question's text, a permission's
 * `rights on resource (syscall): reason`, or a notification's message. Control characters an
 * agent put in the text are shown as escapes (see {@link printable}).
 */
export function describeRequest(body: RequestBody): string {
  return printable(describeBody(body));
}

function describeBody(body: RequestBody): string {
  switch (body.kind) {
    case 'question':
      return body.question;
    case 'permission': {
      const via = body.syscall === '' ? '' : ` (${body.syscall})`;
      return `${body.rights.join(',')} on ${body.resource}${via}: ${body.reason}`;
    }
    case 'notification':
      return body.message;
  }
}
