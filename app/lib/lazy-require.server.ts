// A package the server's start does not need, loaded (synchronously, CommonJS) on its first use: Remix's
// node runtime (the socket handshake reads the session cookie with it; the pages import it anyway, just
// after listen) and the argon2 addon (sign-in). Each is tens of ms of a start otherwise (issue #17).
import { createRequire } from "node:module";

const load = createRequire(import.meta.url);

/** `const remix = lazyRequire<typeof import("@remix-run/node")>("@remix-run/node")`, then `remix().createCookie(…)`. */
export function lazyRequire<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= load(name) as T);
}
