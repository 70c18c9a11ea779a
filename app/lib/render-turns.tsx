// A long page split across event-loop turns (issue #17: no stall over 50 ms at 20,000 tasks). React's
// streaming renderer renders everything it can in one synchronous run; it only stops where a Suspense
// boundary waits. <LaterTurn> is such a boundary that waits for nothing but a later turn of the event loop,
// and laterTurn() runs a loader's slow read (streamed to the page as a promise) in a turn of its own. Both
// take their place in one queue per request, so the page's head goes out first, then each read and each
// section in a loop iteration of its own, with /healthz, socket acks and other requests served in between.
// The sections land where they belong before the page's scripts run, so the page reads the same. In the
// browser (and in any render that does not provide turns) nothing waits: hydration finds the same
// boundaries with their content.
import { Suspense, createContext, useContext, useId, type ReactNode } from "react";
import type { RenderHandoff } from "./render-handoff";

/**
 * At least one whole loop iteration later: a setImmediate queued while immediates run waits for the next
 * iteration (after the poll for I/O); one queued from I/O or a timer runs in this iteration's check phase,
 * beside the renderer's own work, hence the second hop.
 */
const nextIteration = () => new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));

/** One request's queue of turns: each piece of work runs in an iteration after the one before it. */
export class RenderTurns {
  private readonly waits = new Map<string, { done: boolean; promise: Promise<void> }>();
  private last: Promise<unknown> = Promise.resolve();

  /** `work` run in a loop iteration of its own, after everything queued before it. */
  run<T>(work: () => T): Promise<T> {
    const result = this.last.then(nextIteration).then(work);
    this.last = result.catch(() => undefined);
    return result;
  }

  /** null once `key`'s turn has come; else the promise to suspend on. */
  wait(key: string): Promise<void> | null {
    let w = this.waits.get(key);
    if (!w) {
      const entry = { done: false, promise: Promise.resolve() };
      entry.promise = this.run(() => {
        entry.done = true;
      });
      this.waits.set(key, (w = entry));
    }
    return w.done ? null : w.promise;
  }
}

/** The request's queue, kept on its render hand-off (shared by its loaders and entry.server.tsx). */
export function turnsOf(handoff: RenderHandoff): RenderTurns {
  return (handoff.turns ??= new RenderTurns());
}

/** A loader's slow read run in a later event-loop turn of this request (return the promise: it is streamed). */
export function laterTurn<T>(handoff: RenderHandoff, read: () => T): Promise<T> {
  return turnsOf(handoff).run(read);
}

/** Provided by entry.server.tsx per request; null elsewhere (browser, print renders): render at once. */
export const RenderTurnsContext = createContext<RenderTurns | null>(null);

function WaitTurn({ children }: { children: ReactNode }) {
  const turns = useContext(RenderTurnsContext);
  const key = useId(); // the same on the renderer's retry of this section
  const pending = turns?.wait(key);
  if (pending) throw pending; // React 18's Suspense protocol: render again once it settles
  return <>{children}</>;
}

/** Renders `children` on the server in a later event-loop turn than what comes before it. */
export function LaterTurn({ children }: { children: ReactNode }) {
  return (
    <Suspense fallback={null}>
      <WaitTurn>{children}</WaitTurn>
    </Suspense>
  );
}
