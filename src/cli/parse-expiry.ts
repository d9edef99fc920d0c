// Parses `--expires`: an ISO date or date-time, or a duration from now such as `30m`, `2h`, `7d`.
import { LibosError } from '../base/errors.js';

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
const DURATION = /^(\d{1,9})\s*([smhdw])$/;
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?)?$/;
/** The largest time a JavaScript Date holds. */
const MAX_TIME = 8.64e15;

/**
 * The length in ms of a duration such as `30m`, `2h`, `7d` given to `option`.
 * @throws INVALID_INPUT when `text` is not a duration, or is zero
 */
export function parseDuration(text: string, options: { option: string }): number {
  const duration = DURATION.exec(text.trim());
  const ms =
    duration === null ? 0 : Number(duration[1]) * UNIT_MS[duration[2] as keyof typeof UNIT_MS];
  if (ms <= 0)
    throw new LibosError(
      'INVALID_INPUT',
      `Reading ${options.option} failed: ${JSON.stringify(text.slice(0, 40))} is not a duration such as 30m, 2h, 7d`,
      { details: { option: options.option } },
    );
  return ms;
}

/**
 * The absolute time (epoch ms) `text` names, relative to `now` for a duration. A date or
 * date-time without `Z` or an offset is local time. `option` names where it was given in errors
 * (default `--expires`).
 * @throws INVALID_INPUT when it is neither a duration nor a real calendar date; OUT_OF_RANGE when
 *   it is not after `now` or lies beyond what a date holds.
 * @example
 * parseExpiry('2h', { now: clock.now() }); // two hours from now
 */
export function parseExpiry(text: string, options: { now: number; option?: string }): number {
  const option = options.option ?? '--expires';
  const trimmed = text.trim();
  const duration = DURATION.exec(trimmed);
  const at = duration === null ? parseDate(trimmed) : durationEnd(duration, options.now);
  if (at === null) {
    throw new LibosError(
      'INVALID_INPUT',
      `Reading ${option} failed: ${JSON.stringify(text.slice(0, 40))} is neither a duration (30m, 2h, 7d) nor an ISO date (2030-01-31 or 2030-01-31T12:00Z)`,
      { details: { option } },
    );
  }
  if (at <= options.now) {
    throw new LibosError(
      'OUT_OF_RANGE',
      `Reading ${option} failed: the time is not in the future`,
      {
        details: { option },
      },
    );
  }
  if (at > MAX_TIME) {
    throw new LibosError('OUT_OF_RANGE', `Reading ${option} failed: the time is too far ahead`, {
      details: { option },
    });
  }
  return at;
}

function durationEnd(match: RegExpExecArray, now: number): number {
  const unit = match[2] as keyof typeof UNIT_MS;
  return now + Number(match[1]) * UNIT_MS[unit];
}

function parseDate(text: string): number | null {
  const match = ISO.exec(text);
  if (match === null) return null;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) =>
    Number(match[i] ?? '0'),
  ) as [number, number, number, number, number, number];
  const ms = Number((match[7] ?? '0').padEnd(3, '0'));
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const zone = match[8];
  if (zone === undefined) return new Date(year, month - 1, day, hour, minute, second, ms).getTime();
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  if (zone === 'Z') return utc;
  const offsetHours = Number(zone.slice(1, 3));
  const offsetMinutes = Number(zone.slice(4, 6));
  if (offsetHours > 23 || offsetMinutes > 59) return null;
  const offset = (offsetHours * 60 + offsetMinutes) * 60_000;
  return zone.startsWith('-') ? utc + offset : utc - offset;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
