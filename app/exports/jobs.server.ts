// Export jobs: a long export (Word, PDF, the data tables) runs in the background while the user goes on
// working; the page shows its progress and the finished file stays downloadable from /exports for a day,
// also after the user left the page. At most `running` jobs run at once (the worker pool's threads, and
// one Chromium for PDFs); the rest wait in line, first come first served. Jobs are kept in memory: a
// restart forgets them (and deletes their files), the user starts the export again.
import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import type { Clock } from "../models/clock";

import type { ExportJobView, ExportKind, ExportStage } from "./jobs";

export type { ExportJobView, ExportKind, ExportStage };

export type ExportSpec = {
  kind: ExportKind;
  /** The download's name (UTF-8) and its ASCII fallback. */
  fileName: string;
  asciiName: string;
  contentType: string;
  /** Writes the file to `outFile`, reporting progress (0..1, a stage key of exports.stages). */
  run(job: { outFile: string; progress: (fraction: number, stage: ExportStage) => void }): Promise<unknown>;
};

type Job = ExportJobView & { ownerId: number; spec: ExportSpec; file: string; settled: Promise<void>; finish: () => void; createdMs: number; seq: number };

// The registry lives in the server process (server/app.ts) and is called from the Remix build: it answers
// with null rather than throwing the model layer's errors, whose classes exist once in each bundle.
export type ExportJobs = {
  /** Queues an export for its owner; null when he already has `perUser` unfinished jobs. */
  start(ownerId: number, spec: ExportSpec): ExportJobView | null;
  /** How many of the owner's jobs are queued or running. */
  unfinished(ownerId: number): number;
  /** The owner's jobs, newest first. */
  list(ownerId: number): ExportJobView[];
  /** One of the owner's jobs (null for anyone else's, or an expired one). */
  get(ownerId: number, id: string): ExportJobView | null;
  /** Resolves when the job is done or failed. */
  settled(ownerId: number, id: string): Promise<ExportJobView | null>;
  /** The finished file of the owner's job (null when not his, not finished or gone). */
  file(ownerId: number, id: string): { path: string; fileName: string; asciiName: string; contentType: string } | null;
  close(): void;
};

const DAY_MS = 24 * 3600_000;

export function createExportJobs(opts: {
  dir: string;
  clock: Clock;
  running: number;
  perUser?: number;
  keepMs?: number;
  /** A failed job (the user sees "failed"; the operator's log gets why). */
  onError?: (err: unknown, file: string) => void;
}): ExportJobs {
  const perUser = opts.perUser ?? 5;
  const keepMs = opts.keepMs ?? DAY_MS;
  // Files of a previous process belong to jobs nobody can ask for any more.
  fs.rmSync(opts.dir, { recursive: true, force: true });
  fs.mkdirSync(opts.dir, { recursive: true });
  const jobs = new Map<string, Job>();
  const line: Job[] = [];
  let active = 0;
  let made = 0; // order of creation (the app clock may stand still: tests pin it)

  const view = (j: Job): ExportJobView => ({
    id: j.id,
    kind: j.kind,
    fileName: j.fileName,
    status: j.status,
    fraction: j.fraction,
    stage: j.stage,
    position: j.status === "queued" ? line.indexOf(j) + 1 : null,
    bytes: j.bytes,
    createdAt: j.createdAt,
    finishedAt: j.finishedAt,
  });
  const own = (ownerId: number, id: string) => {
    const j = jobs.get(id);
    return j && j.ownerId === ownerId ? j : null;
  };
  const unfinished = (ownerId: number) => [...jobs.values()].filter((j) => j.ownerId === ownerId && !j.finishedAt).length;
  // Finished jobs older than a day go, with their files.
  const purge = () => {
    const now = opts.clock.now().getTime();
    for (const j of jobs.values()) {
      if (j.finishedAt && now - j.createdMs > keepMs) {
        jobs.delete(j.id);
        fs.rmSync(j.file, { force: true });
      }
    }
  };
  const pump = () => {
    while (active < opts.running && line.length) {
      const j = line.shift()!;
      active++;
      j.status = "running";
      j.stage = "reading";
      void j.spec
        .run({
          outFile: j.file,
          progress: (fraction, stage) => {
            j.fraction = Math.max(j.fraction, Math.min(1, fraction));
            j.stage = stage;
          },
        })
        .then(
          () => {
            j.bytes = fs.statSync(j.file).size;
            Object.assign(j, { status: "done", fraction: 1, stage: "done" });
          },
          (err: unknown) => {
            Object.assign(j, { status: "failed", stage: "failed" });
            fs.rmSync(j.file, { force: true });
            opts.onError?.(err, j.spec.asciiName);
          },
        )
        .finally(() => {
          j.finishedAt = opts.clock.nowIso();
          j.finish();
          active--;
          pump();
        });
    }
  };

  return {
    start(ownerId, spec) {
      purge();
      if (unfinished(ownerId) >= perUser) return null;
      const id = randomUUID();
      let finish!: () => void;
      const settled = new Promise<void>((r) => (finish = r));
      const ext = path.extname(spec.asciiName) || `.${spec.kind}`;
      const job: Job = {
        id,
        kind: spec.kind,
        fileName: spec.fileName,
        status: "queued",
        fraction: 0,
        stage: "queued",
        position: null,
        bytes: null,
        createdAt: opts.clock.nowIso(),
        createdMs: opts.clock.now().getTime(),
        seq: ++made,
        finishedAt: null,
        ownerId,
        spec,
        finish,
        file: path.join(opts.dir, `${id}${ext}`),
        settled,
      };
      jobs.set(id, job);
      line.push(job);
      pump();
      return view(job);
    },
    list(ownerId) {
      purge();
      return [...jobs.values()]
        .filter((j) => j.ownerId === ownerId)
        .sort((a, b) => b.seq - a.seq)
        .map(view);
    },
    unfinished,
    get(ownerId, id) {
      const j = own(ownerId, id);
      return j && view(j);
    },
    async settled(ownerId, id) {
      const j = own(ownerId, id);
      if (!j) return null;
      await j.settled;
      return view(j);
    },
    file(ownerId, id) {
      const j = own(ownerId, id);
      if (!j || j.status !== "done" || !fs.existsSync(j.file)) return null;
      return { path: j.file, fileName: j.spec.fileName, asciiName: j.spec.asciiName, contentType: j.spec.contentType };
    },
    close() {
      line.length = 0;
    },
  };
}
