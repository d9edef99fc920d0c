// The end-of-run summary as text: the outcome, a table of final states, results and usage, requests.
import { formatImageRef } from '../../kernel/agent/image-ref.js';
import type { AgentProcess } from '../../kernel/process/types.js';
import type { FlaggedCall } from '../run/read-flagged-calls.js';
import type { RunSummary } from '../run/run-summary.js';
import { describeResult } from './describe-result.js';
import { describeState } from './describe-state.js';
import { formatTable } from './format-table.js';
import { formatRequestTable } from './request-table.js';
import { truncate } from './truncate.js';

const HEADERS = ['PID', 'NAME', 'STATE', 'IMAGE', 'RESULT', 'USAGE q/tc/ch/tok'];

/**
 * The summary: outcome line, process table, every call denied, failed or blocked (with its code),
 * the command that continues each paused process, then pending requests with how to decide them.
 */
export function formatRunSummary(summary: RunSummary, options: { now: number }): string {
  const rows = summary.processes.map((p) => [
    p.pid,
    p.name ?? '-',
    describeState(p.state),
    truncate(formatImageRef({ id: p.imageId, version: p.imageVersion }), 28),
    truncate(describeResult(p.state), 48),
    `${p.usage.quanta}/${p.usage.toolCalls}/${p.usage.children}/${p.usage.tokens}`,
  ]);
  let text = `\n${summary.message} (${summary.quanta} quanta)\n\n${formatTable(HEADERS, rows)}`;
  if (summary.flagged.length > 0) {
    const names = new Map(summary.processes.map((p) => [p.pid, p.name ?? '-']));
    text += `\ncalls denied, failed or blocked\n${formatFlagged(summary.flagged, names)}`;
  }
  const paused = summary.processes.filter((p) => p.state.kind === 'paused');
  if (paused.length > 0) {
    text += `\npaused: continue each with \`agent-libos continue <pid>\`, then \`agent-libos resume\`\n`;
    for (const p of paused) text += `  ${continueHint(p)}\n`;
  }
  if (summary.pending.length > 0) {
    text += `\npending requests\n${formatRequestTable(summary.pending, { now: options.now, showState: false })}`;
    text +=
      '\ndecide with `agent-libos approvals decide <id> allow_once` (or answer at a terminal), ' +
      'then `agent-libos resume`\n';
  }
  return text;
}

function formatFlagged(calls: readonly FlaggedCall[], names: ReadonlyMap<string, string>): string {
  return formatTable(
    ['PID', 'NAME', 'OUTCOME', 'CODE', 'SYSCALL', 'DETAIL'],
    calls.map((c) => [
      c.pid,
      names.get(c.pid) ?? '-',
      c.outcome,
      c.code ?? '-',
      c.syscall ?? '-',
      truncate(c.request === null ? c.detail : `${c.detail} (${c.request})`, 72),
    ]),
  );
}

/** `agent-libos continue <pid>` with why it is paused (an unknown effect needs a look first). */
function continueHint(process: AgentProcess): string {
  const { state } = process;
  if (state.kind !== 'paused') return '';
  const check = state.reason === 'unknown-effect' ? ' (check the effect first)' : '';
  return `agent-libos continue ${process.pid}    # ${describeState(state)}${check}`;
}
