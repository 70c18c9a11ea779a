// Throttling of secret checks (sign-in, password change), pure rules. Failures are counted in buckets;
// after a bucket's free failures each further one locks it for a growing time (base, 2×, 4× … up to a
// cap). Buckets are chosen so that attackers are slowed where they are and the owner is never locked out
// by others (see auth.server.ts for which buckets an attempt counts against):
//   pair     one account from one address: the guesser's lock, never the owner's elsewhere
//   address  one address against any accounts: a sprayer's lock
//   account  one account from any address without the owner's browser: only slows (short cap)
//   device   a browser the owner signed in with before (signed cookie): others' failures never touch it
//   password the current-password check of a password change, per account and address
import * as z from "zod";

export type Policy = { free: number; baseMs: number; capMs: number; windowMs: number };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const THROTTLE_POLICIES = {
  pair: { free: 5, baseMs: MINUTE, capMs: HOUR, windowMs: 24 * HOUR },
  address: { free: 20, baseMs: 15 * MINUTE, capMs: 4 * HOUR, windowMs: 24 * HOUR },
  account: { free: 10, baseMs: 5_000, capMs: MINUTE, windowMs: 24 * HOUR },
  device: { free: 5, baseMs: MINUTE, capMs: 15 * MINUTE, windowMs: 24 * HOUR },
  password: { free: 5, baseMs: MINUTE, capMs: HOUR, windowMs: 24 * HOUR },
} satisfies Record<string, Policy>;
export type BucketKind = keyof typeof THROTTLE_POLICIES;
export const BUCKET_KINDS = Object.keys(THROTTLE_POLICIES) as BucketKind[];

/** How long a bucket locks after its n-th counted failure: none for the first `free - 1`, then doubling. */
export function lockMsAfter(failures: number, p: Policy): number {
  if (failures < p.free) return 0;
  return Math.min(p.capMs, p.baseMs * 2 ** Math.min(30, failures - p.free));
}

/** Bucket keys: the kind, then what it counts (lower-cased account name, address, device id). */
export function bucketKey(kind: BucketKind, ...parts: string[]): string {
  return `${kind}:${parts.join("|")}`;
}

export function parseBucketKey(key: string): { kind: BucketKind; account: string | null; address: string | null } | null {
  const at = key.indexOf(":");
  const kind = key.slice(0, at) as BucketKind;
  if (!BUCKET_KINDS.includes(kind)) return null;
  const parts = key.slice(at + 1).split("|");
  switch (kind) {
    case "address":
      return { kind, account: null, address: parts[0] ?? null };
    case "account":
      return { kind, account: parts[0] ?? null, address: null };
    case "device":
      return { kind, account: parts[0] ?? null, address: null };
    default:
      return { kind, account: parts[0] ?? null, address: parts[1] ?? null };
  }
}

/** Whole minutes to wait, at least 1 (what the messages say). */
export const waitMinutes = (ms: number) => Math.max(1, Math.ceil(ms / MINUTE));

/** The admin's "clear" of one bucket. */
export const throttleClearSchema = z.object({ key: z.string().min(3).max(300) }).strict();
