// Parses a non-negative whole number given on the command line, with typed errors.
import { LibosError } from '../base/errors.js';

/**
 * Parses `value` (from option `option`) as a whole number in `[min, max]`.
 * @throws INVALID_INPUT when it is not a whole number; OUT_OF_RANGE when it is outside the range.
 */
export function parseCount(
  option: string,
  value: string,
  options: { min: number; max: number },
): number {
  const attempted = `Reading ${option}`;
  const text = value.trim();
  if (!/^-?\d+$/.test(text)) {
    throw new LibosError(
      'INVALID_INPUT',
      `${attempted} failed: ${JSON.stringify(value.slice(0, 40))} is not a whole number`,
      { details: { option } },
    );
  }
  const parsed = Number(text);
  if (!Number.isSafeInteger(parsed) || parsed < options.min || parsed > options.max) {
    throw new LibosError(
      'OUT_OF_RANGE',
      `${attempted} failed: ${text.slice(0, 40)} is outside ${options.min}..${options.max}`,
      { details: { option, min: options.min, max: options.max } },
    );
  }
  return parsed;
}
