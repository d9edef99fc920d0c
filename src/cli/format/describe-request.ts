// What a human request asks, as text: the question, the permission wanted, or the notice.
import type { RequestBody } from '../../kernel/approval/types.js';
import { printable, type LineMode } from './printable.js';

/**
 * The text `approvals list` and the prompter show for `body`: a question's text, a permission's
 * `rights on resource (syscall): reason`, or a notification's message, escaped as
 * {@link printable} does with `options.lines` (default `flat`: one line), since an agent wrote it.
 */
export function describeRequest(
  body: RequestBody,
  options: { readonly lines?: LineMode } = {},
): string {
  return printable(describeBody(body), options);
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
