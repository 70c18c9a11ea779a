// A count in the header that starts from the loader's value and follows the person's own pushes of one
// kind (each carries his new count), so it changes live without a reload; `live` says whether the socket
// is connected, so a stale count is visible as such (and tests can wait for it).
import { useEffect, useState } from "react";
import { getSocket } from "./socket.client";
import { Push, type Notification } from "./protocol";

export function usePushedCount<K extends Notification["kind"]>(
  initial: number,
  kind: K,
  countOf: (n: Extract<Notification, { kind: K }>) => number,
): { n: number; live: boolean } {
  const [n, setN] = useState(initial);
  const [live, setLive] = useState(false);
  // A fresher loader count (after a navigation or a form post) wins over the last pushed one.
  useEffect(() => setN(initial), [initial]);
  useEffect(() => {
    const socket = getSocket();
    const on = (p: Notification) => {
      if (p.kind === kind) setN(countOf(p as Extract<Notification, { kind: K }>));
    };
    const up = () => setLive(true);
    const down = () => setLive(false);
    socket.on(Push.notify, on);
    socket.on("connect", up);
    socket.on("disconnect", down);
    setLive(socket.connected);
    return () => {
      socket.off(Push.notify, on);
      socket.off("connect", up);
      socket.off("disconnect", down);
    };
    // countOf reads a field of the push; the kind never changes for a mounted bell.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [kind]);
  return { n, live };
}
