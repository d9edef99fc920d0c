// The error of a package that cannot be loaded: each problem names the file and the field.
import { LibosError, type ErrorCode } from '../base/errors.js';

/** One problem in a package: the file, the field path in it (or null for the file itself), why. */
export interface PackageProblem {
  readonly file: string;
  readonly field: string | null;
  readonly message: string;
}

const MAX_REPORTED = 5;

/**
 * `<code>: Loading image package "<shown>" failed: IMAGE.yaml: tools[2]: unknown tool "foo"; …`
 * (at most five problems, then how many more), with the first problem's `file` and `field` in
 * `details`.
 */
export function packageError(
  code: ErrorCode,
  input: { shown: string; problems: readonly PackageProblem[] },
): LibosError {
  const { problems } = input;
  const listed = problems
    .slice(0, MAX_REPORTED)
    .map((p) =>
      p.field === null ? `${p.file}: ${p.message}` : `${p.file}: ${p.field}: ${p.message}`,
    );
  if (problems.length > MAX_REPORTED) listed.push(`and ${problems.length - MAX_REPORTED} more`);
  const first = problems[0];
  return new LibosError(
    code,
    `Loading image package ${JSON.stringify(input.shown)} failed: ${listed.join('; ')}`,
    {
      details: {
        ...(first === undefined ? {} : { file: first.file }),
        ...(first === undefined || first.field === null ? {} : { field: first.field }),
      },
    },
  );
}
