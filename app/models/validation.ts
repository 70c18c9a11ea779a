// Shared zod building blocks. Error messages are catalogue keys (optionally with params, "key|{json}"),
// so one schema validates a form, an action and a socket message, and each user reads the error in
// his own language (translateIssue in the UI / adapters).
import * as z from "zod";
import { msg } from "./message-keys";

export { msg, parseMessage } from "./message-keys";

z.config({
  customError: (issue) => {
    switch (issue.code) {
      case "invalid_type":
        if (issue.input === undefined || issue.input === null || issue.input === "") return msg("validation.required");
        return issue.expected === "number" || issue.expected === "int" ? msg("validation.invalidNumber") : msg("validation.invalidType");
      case "too_small":
        if (issue.origin === "string") return Number(issue.minimum) <= 1 ? msg("validation.required") : msg("validation.tooShort", { min: Number(issue.minimum) });
        return msg("validation.tooSmall", { min: Number(issue.minimum) });
      case "too_big":
        if (issue.origin === "string") return msg("validation.tooLong", { max: Number(issue.maximum) });
        return msg("validation.tooBig", { max: Number(issue.maximum) });
      case "invalid_value":
        return msg("validation.invalidChoice");
      case "unrecognized_keys":
        return msg("validation.unknownKeys");
      default:
        return msg("validation.invalid");
    }
  },
});

export const requiredText = (max: number) => z.string().trim().min(1).max(max);
export const optionalText = (max: number) => z.string().trim().max(max).default("");
/** Whether y-m-d is a day of the proleptic Gregorian calendar (no 2 月 30 日); plain arithmetic, as an import checks thousands. */
function isCalendarDay(s: string): boolean {
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(5, 7));
  const d = Number(s.slice(8, 10));
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = m === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
  return m >= 1 && m <= 12 && d >= 1 && d <= days;
}
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, msg("validation.invalidDate"))
  .refine(isCalendarDay, msg("validation.invalidDate"));
export const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
/** Ids from forms arrive as strings; conform coerces them, sockets send numbers. */
export const version = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** Issue list -> {field: message} for forms and socket error acks. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_";
    out[key] ??= issue.message;
  }
  return out;
}
