// The activity feeds' page cursor (?before=<audit id>), shared by both feed routes. Pure.
import * as z from "zod";

const cursor = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** The audit id a feed page starts below; anything else (absent, garbage) is the newest page. */
export const feedCursor = (raw: string | null): number | null => {
  const parsed = cursor.safeParse(raw ?? undefined);
  return parsed.success ? parsed.data : null;
};
