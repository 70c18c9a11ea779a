// Posting forms as the demo's people against a test server, each signed in once; with `unchanged`, the
// post must also leave the whole database as it was (a refused write writes nothing).
import { expect } from "vitest";
import type { TestServer } from "./server";
import { postForm, sessionCache, type Fields } from "./forms";
import { databaseDigest } from "./db-fingerprint";

export function formPoster(srv: () => TestServer, page = "/account") {
  const session = sessionCache(() => srv().url, page);
  async function post(who: string, url: string, fields: Fields, opts: { unchanged?: boolean } = {}) {
    const s = await session(who); // signing in writes a session row: before the digest
    const before = opts.unchanged ? databaseDigest(srv().app.db) : null;
    const res = await postForm(srv().url, s, url, fields);
    if (before) expect(databaseDigest(srv().app.db), `${who} ${url} ${JSON.stringify(fields)}`).toBe(before);
    return res;
  }
  return { session, post };
}
