// Test helper: starts a TypeScript child program under tsx and waits for the line that says it is where the test wants it.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Starts `node --import tsx <script> <args…>` from the repository root with stdin an open pipe (a
 * child that exits when stdin closes cannot outlive the test) and resolves `ready` with what
 * `until` finds in its stdout so far, once it finds something; rejects when the child exits first
 * or `timeoutMs` passes (with its output, to say why). The caller kills the child.
 */
export function startTsxChild<T>(
  script: string,
  args: readonly string[],
  options: { until: (stdout: string) => T | undefined; timeoutMs: number },
): { child: ChildProcess; ready: Promise<T> } {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const ready = new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`not ready within ${options.timeoutMs} ms: ${stdout} ${stderr}`));
    }, options.timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const found = options.until(stdout);
      if (found !== undefined) {
        clearTimeout(timer);
        resolve(found);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the child exited (${code ?? signal ?? '?'}) early: ${stdout} ${stderr}`));
    });
    child.once('error', reject);
  });
  return { child, ready };
}
