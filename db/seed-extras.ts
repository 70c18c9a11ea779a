// Demo data of the later features (indicators, 销号, V-model, checks, results, reports), each in its own
// module under db/seed-extras/. They run in order inside the demo seed's transaction, after the units,
// users, projects, tasks and milestones exist, and find those rows by their natural keys (unit short
// name, username, task code), never by id.
import type { DB } from "./client";

export type SeedExtra = (db: DB, today: Date) => void;

export const SEED_EXTRAS: SeedExtra[] = [];
