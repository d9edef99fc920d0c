// The frames a guest may send, and the line splitter that never buffers more than one frame's limit.
import { z } from 'zod';
import type { Json } from '../base/canonical-json.js';

const json: z.ZodType<Json> = z.json();

/** A frame from the guest: a syscall it asks for, or its final result. */
export const guestFrameSchema = z.union([
  z.strictObject({
    t: z.literal('call'),
    id: z.number().int().min(1),
    name: z.string().min(1).max(64),
    input: json,
  }),
  z.strictObject({ t: z.literal('done'), ok: z.literal(true), value: json }),
  z.strictObject({
    t: z.literal('done'),
    ok: z.literal(false),
    error: z.strictObject({ message: z.string() }),
  }),
]);

/** A parsed guest frame. */
export type GuestFrame = z.infer<typeof guestFrameSchema>;

/** What the splitter found in a chunk: complete lines, or a line past the limit. */
export type SplitResult =
  { readonly lines: string[]; readonly overflow: false } | { readonly overflow: true };

/**
 * Splits a byte stream into lines. Holds at most `maxBytes` of an unfinished line: a guest that
 * sends a longer one (or never ends it) is caught without the host buffering what it claims.
 */
export class LineSplitter {
  private parts: Buffer[] = [];
  private held = 0;
  private readonly maxBytes: number;

  constructor(options: { maxBytes: number }) {
    this.maxBytes = options.maxBytes;
  }

  /** Feeds a chunk; returns the lines it completed. */
  push(chunk: Buffer): SplitResult {
    const lines: string[] = [];
    let rest = chunk;
    for (let nl = rest.indexOf(10); nl >= 0; nl = rest.indexOf(10)) {
      if (this.held + nl > this.maxBytes) return { overflow: true };
      this.parts.push(rest.subarray(0, nl));
      lines.push(Buffer.concat(this.parts).toString('utf8'));
      this.parts = [];
      this.held = 0;
      rest = rest.subarray(nl + 1);
    }
    if (this.held + rest.length > this.maxBytes) return { overflow: true };
    if (rest.length > 0) {
      this.parts.push(rest);
      this.held += rest.length;
    }
    return { lines, overflow: false };
  }
}

/** Parses one line into a frame; null when it is not JSON or not a frame. */
export function parseGuestFrame(line: string): GuestFrame | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  const parsed = guestFrameSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
