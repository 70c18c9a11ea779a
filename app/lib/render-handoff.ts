// What a loader already holds decoded, handed to the same request's server render, so that render does
// not decode what the loader has just encoded for the wire. One object per request: the loader writes it
// on its load context (`context.handoff`), entry.server.tsx provides it to the render. In the browser it
// is empty and the page decodes the wire form, as it must.
import { createContext, useContext } from "react";
import type { MapTaskRow } from "../models/battle-map";
import type { RenderTurns } from "./render-turns";

export type RenderHandoff = {
  /** The battle map's task rows behind the loader's `tasksJson` (models/battle-map-wire.ts). */
  battleMapRows?: MapTaskRow[];
  /** The request's queue of event-loop turns for slow reads and sections (render-turns.tsx). */
  turns?: RenderTurns;
};

export const RenderHandoffContext = createContext<RenderHandoff>({});
export const useRenderHandoff = () => useContext(RenderHandoffContext);
