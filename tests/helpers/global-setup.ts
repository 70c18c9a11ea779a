// Once per vitest run, before the workers start: the migrated, seeded demo database at PINNED_NOW, as a
// file the workers copy (tests/helpers/seeded-template.ts). The workers inherit the environment set here.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { seededDb } from "./db";
import { SEEDED_TEMPLATE_ENV } from "./seeded-template";

export default async function setup(): Promise<() => void> {
  delete process.env[SEEDED_TEMPLATE_ENV]; // seededDb below builds the template, not from one
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-template-"));
  const file = path.join(dir, "seeded.db");
  const db = await seededDb();
  fs.writeFileSync(file, db.$client.serialize()); // page for page: rowids and the search index as built
  db.$client.close();
  process.env[SEEDED_TEMPLATE_ENV] = file;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
