// A one-line spinner on a terminal while the runtime waits on a model or a timer.
import type { Writable } from 'node:stream';

/** A spinner line: drawn over itself, cleared before other output. */
export interface Spinner {
  /** Starts (or relabels) the spinner. */
  start(label: string): void;
  /** Erases the spinner line and stops its timer, so a normal line can be written. */
  clear(): void;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const FRAME_MS = 80;
/** Carriage return, then erase the whole line. */
const ERASE = '\r\u001b[2K';

/**
 * A spinner drawn on `output` every 80 ms while started; its timer never keeps the process alive.
 * The caller creates it only for a TTY: on anything else the frames would be noise.
 */
export function createSpinner(output: Writable): Spinner {
  let timer: ReturnType<typeof setInterval> | null = null;
  let frame = 0;
  let label = '';
  let isDrawn = false;
  const draw = (): void => {
    output.write(`${ERASE}${FRAMES[frame % FRAMES.length] ?? ''} ${label}`);
    frame += 1;
    isDrawn = true;
  };
  return {
    start(next) {
      label = next;
      draw();
      if (timer === null) {
        timer = setInterval(draw, FRAME_MS);
        timer.unref();
      }
    },
    clear() {
      if (timer !== null) clearInterval(timer);
      timer = null;
      if (isDrawn) output.write(ERASE);
      isDrawn = false;
    },
  };
}
