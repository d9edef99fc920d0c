// Makes text from agents safe to print on a terminal: control characters become visible escapes.

// C0 controls except tab and newline, DEL, and C1 controls (which include the CSI introducer).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * `text` with every control character except tab and newline shown as `\xHH`, so a question or
 * reason written by an agent cannot move the cursor, recolour or rewrite the operator's screen.
 */
export function printable(text: string): string {
  return text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
