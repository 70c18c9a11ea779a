import { format } from "date-fns";

/** Today's ISO date; tests pin it with APP_TODAY so overdue markers are reproducible. */
export const todayIso = (pinned?: string) => pinned ?? format(new Date(), "yyyy-MM-dd");
