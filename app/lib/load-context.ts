import type { AppContext } from "../models/context.server";

declare module "@remix-run/node" {
  interface AppLoadContext extends AppContext {
    cspNonce: string;
    requestId: string;
    ip: string;
  }
  // Single fetch: loader/action types infer plain values.
  interface Future {
    v3_singleFetch: true;
  }
}
export {};
