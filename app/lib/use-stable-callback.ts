// A callback whose identity never changes but which always calls the latest function given: lets a list
// pass handlers to memoized rows without every render of the list re-rendering every row.
import { useCallback, useLayoutEffect, useRef } from "react";

// useLayoutEffect warns in a server render; the server never calls the callback, so no effect is needed there.
const useIsomorphicLayoutEffect = typeof document === "undefined" ? () => {} : useLayoutEffect;

export function useStableCallback<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  const latest = useRef(fn);
  useIsomorphicLayoutEffect(() => {
    latest.current = fn;
  });
  return useCallback((...args: A) => latest.current(...args), []);
}
