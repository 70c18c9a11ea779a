import type { AppContext } from "../models/context.server";
import type { RenderHandoff } from "./render-handoff";

declare module "@remix-run/node" {
  interface AppLoadContext extends AppContext {
    cspNonce: string;
    requestId: string;
    ip: string;
    /** This request's hand-off from loaders to the server render (render-handoff.ts). */
    handoff: RenderHandoff;
  }
  // Single fetch: loader/action types infer plain values.
  interface Future {
    v3_singleFetch: true;
  }
}
export {};
