// The types a task carries between the main thread (pool.ts) and a worker (worker.ts).
import type { MessagePort } from "node:worker_threads";
import type { handlers } from "./handlers";
import type { ExportStage } from "../../app/exports/jobs";
import type { DomainError } from "../../app/models/errors";

export type TaskKind = keyof typeof handlers;
export type TaskInput<K extends TaskKind> = Parameters<(typeof handlers)[K]>[1];
export type TaskOutput<K extends TaskKind> = Awaited<ReturnType<(typeof handlers)[K]>>;
export type Progress = { fraction: number; stage: ExportStage };

export type WorkerTask = {
  kind: TaskKind;
  input: unknown;
  databasePath: string;
  /** The app clock's instant when the task was made (ISO) and its time zone: the worker's clock. */
  now: string;
  timeZone: string;
  /** Where the handler's progress messages go (transferred to the worker). */
  progress: MessagePort;
};

/** A writer's handshake on its progress port: it asks for the lock before BEGIN and waits for the answer. */
export const WRITE_LOCK = { ask: "write-lock", granted: "write-lock-granted" } as const;
/** What a writer's handler calls just before its transaction begins. */
export type BeforeWrite = () => Promise<void>;

/** A model's refusal (DomainError) on its way back from a worker: structured cloning keeps no class, so it travels as data. */
export type Refusal = { refused: { code: DomainError["code"]; status: DomainError["status"]; details: DomainError["details"] } };
