// The demo seed is deterministic under the pinned clock (only the password hash's salt differs), so a
// run migrates and seeds it once (tests/helpers/global-setup.ts) and every test that wants the seeded
// demo at PINNED_NOW starts from a copy of that file instead of migrating, hashing and seeding again.
// Other instants, an empty install (SEED_DEMO=0) and scripts outside vitest still build their own.
import { PINNED_NOW } from "./clock";

export const SEEDED_TEMPLATE_ENV = "TEST_SEEDED_DB";

/** The template file to start from for a database seeded at `at`, if this run has one. */
export function seededTemplate(at: string): string | undefined {
  const file = process.env[SEEDED_TEMPLATE_ENV];
  return file && Date.parse(at) === Date.parse(PINNED_NOW) ? file : undefined;
}
