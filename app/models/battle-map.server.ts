// Everything the battle map needs, read in ONE transaction so the board `seq` matches the rows: tasks,
// units, projects and groups, milestones with the tasks feeding them, dependencies and the RAG settings.
// Readers of the whole consortium get the live consortium board; outside experts (read:board only for
// their own projects) get their projects only, as a snapshot: they may not join the consortium room.
import { asc, inArray } from "drizzle-orm";
import type { DB } from "../../db/client";
import { milestones, milestoneTasks, projectGroups, projects, taskDependencies } from "../../db/schema";
import type { Actor } from "./context.server";
import { CONSORTIUM_BOARD, projectBoard } from "./board-events.server";
import { boardData, canReadBoard } from "./tasks.server";
import { getSettings } from "./consortium.server";
import { canSome } from "./permissions";
import { DomainError } from "./errors";
import { toMapTask, type Dependency, type MapMilestone, type MapTaskRow } from "./battle-map";
import type { RagSettings } from "./rag";

export type BattleMapProject = { id: number; groupId: number; code: string; name: string; leadUnitId: number };

export type BattleMapData = {
  /** The live board to follow, or null when the viewer sees a filtered snapshot (experts). */
  boardId: string | null;
  seq: number;
  /** Slimmed rows (no descriptions, positions or field versions): 5,000 of them travel in the page. */
  tasks: MapTaskRow[];
  units: { id: number; shortName: string; name: string }[];
  projects: BattleMapProject[];
  groups: { id: number; code: string; name: string }[];
  milestones: MapMilestone[];
  dependencies: Dependency[];
  settings: RagSettings;
};

export function battleMapData(db: DB, actor: Actor): BattleMapData {
  const whole = canReadBoard(actor, CONSORTIUM_BOARD);
  if (!whole && !(canSome(actor, "read", "board") && actor.projectIds.length > 0)) throw new DomainError("forbidden", 403);
  const visible = (projectId: number) => whole || actor.projectIds.includes(projectId);
  return db.transaction(() => {
    // The boards' own reader (same rows, same mapping, same read permission), nested in this transaction.
    const boards = whole ? [boardData(db, actor, CONSORTIUM_BOARD)] : actor.projectIds.map((id) => boardData(db, actor, projectBoard(id)));
    const seq = whole ? boards[0]!.seq : 0;
    const tasks = boards.flatMap((b) => b.tasks.map(toMapTask));
    const units = boards[0]!.units;
    const taskIds = new Set(tasks.map((t) => t.id));
    const projectList = db
      .select({ id: projects.id, groupId: projects.groupId, code: projects.code, name: projects.name, leadUnitId: projects.leadUnitId })
      .from(projects)
      .orderBy(asc(projects.code))
      .all()
      .filter((p) => visible(p.id));
    const groupIds = [...new Set(projectList.map((p) => p.groupId))];
    const groups = groupIds.length
      ? db.select({ id: projectGroups.id, code: projectGroups.code, name: projectGroups.name }).from(projectGroups).where(inArray(projectGroups.id, groupIds)).orderBy(asc(projectGroups.code)).all()
      : [];
    const feeds = new Map<number, number[]>();
    for (const mt of db.select().from(milestoneTasks).all()) {
      if (!taskIds.has(mt.taskId)) continue;
      const list = feeds.get(mt.milestoneId);
      if (list) list.push(mt.taskId);
      else feeds.set(mt.milestoneId, [mt.taskId]);
    }
    const milestoneList = db
      .select({ id: milestones.id, projectId: milestones.projectId, name: milestones.name, dueOn: milestones.dueOn, status: milestones.status })
      .from(milestones)
      .orderBy(asc(milestones.dueOn))
      .all()
      .filter((m) => visible(m.projectId))
      .map((m) => ({ ...m, taskIds: feeds.get(m.id) ?? [] }));
    const dependencies = db
      .select({ predecessorId: taskDependencies.predecessorId, successorId: taskDependencies.successorId })
      .from(taskDependencies)
      .all()
      .filter((d) => taskIds.has(d.predecessorId) && taskIds.has(d.successorId));
    const { ragYellowLag, ragRedLag, ragYellowDays, ragRedDays } = getSettings(db);
    return {
      boardId: whole ? CONSORTIUM_BOARD : null,
      seq,
      tasks,
      units,
      projects: projectList,
      groups,
      milestones: milestoneList,
      dependencies,
      settings: { ragYellowLag, ragRedLag, ragYellowDays, ragRedDays },
    };
  });
}

/**
 * What the route sends: the rows as ONE JSON string. Remix's single-fetch encoder (turbo-stream) walks
 * and indexes every value of 5,000 row objects, ~50 ms of blocked event loop per page on the benchmark
 * (tests/bench/battle-map.ts); a single string is a single value. The browser parses it back.
 */
export type BattleMapPayload = Omit<BattleMapData, "tasks"> & { tasksJson: string };
export function toPayload({ tasks, ...rest }: BattleMapData): BattleMapPayload {
  return { ...rest, tasksJson: JSON.stringify(tasks) };
}
