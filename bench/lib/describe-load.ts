// Describes how busy the machine is, so figures taken under contention say so.
import { availableParallelism, loadavg } from 'node:os';

/** E.g. `load 1.2 on 2 cores`: the 1-minute load average when the figure was taken. */
export function describeLoad(): string {
  const [oneMinute = 0] = loadavg();
  return `load ${oneMinute.toFixed(1)} on ${availableParallelism()} cores`;
}
