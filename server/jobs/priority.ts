// Background threads (the pool's, the printer's) run at a lower CPU priority than the event loop. On Linux a
// thread's nice value is its own: os.setPriority() without a pid sets the calling thread's (the server's
// thread keeps 0), and processes the thread starts (the print browser) inherit it. On two cores a 20,000-row
// render or a Chromium print at nice 0 takes the event loop's core away for its whole time slice: /healthz
// then waits on the run queue, not on our code.
import os from "node:os";

export const BACKGROUND_NICE = 10;

export function backgroundPriority(): void {
  try {
    os.setPriority(BACKGROUND_NICE);
  } catch {
    /* not allowed here: the work runs at the server's priority */
  }
}
