// The one instant every test pins: the server, the seed and the Playwright web server all start here
// (2026-11-23 10:00 Beijing time), whatever the machine's date. Advance the clock to move time.
import { createClock, type Clock } from "../../app/models/clock";

export const PINNED_NOW = "2026-11-23T10:00:00+08:00";
export const PINNED_TODAY = "2026-11-23";

export const pinnedClock = (at: string = PINNED_NOW): Clock => createClock({ pinnedAt: at });
