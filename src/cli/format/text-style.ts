// Colour for a person's terminal, through node:util styleText; plain text everywhere else.
import { styleText } from 'node:util';

/** The styles the CLI uses. */
export type Style = 'dim' | 'bold' | 'red' | 'green' | 'yellow' | 'cyan';

/** Styles `text` (already escaped by `printable`) or returns it unchanged. */
export type TextStyle = (style: Style, text: string) => string;

/** No colour: pipes, files, `--json`, `NO_COLOR`. */
export const plainStyle: TextStyle = (_style, text) => text;

/**
 * Colour when the output is a TTY and `NO_COLOR` is unset or empty (https://no-color.org),
 * else {@link plainStyle}. The decision is made here, not by styleText, so it follows the CLI's
 * injected environment and output, never the process's own.
 */
export function createTextStyle(options: {
  readonly isTty: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
}): TextStyle {
  if (!options.isTty || isNoColor(options.env)) return plainStyle;
  return (style, text) => styleText(style, text, { validateStream: false });
}

/** Whether `NO_COLOR` asks for plain output (set to anything but the empty string). */
export function isNoColor(env: Readonly<Record<string, string | undefined>>): boolean {
  const value = env.NO_COLOR;
  return value !== undefined && value !== '';
}
