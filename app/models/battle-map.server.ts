// Everything the battle map needs, read in ONE transaction so the board `seq` matches the rows: tasks,
// units, projects and groups, milestones with the tasks feeding them, dependencies, the RAG settings and
// the open 提示/督办 notices the viewer may see. Readers of the whole consortium get the live consortium
// board; outside experts (read:board only for their own projects) get their projects only, as a
// snapshot: they may not join the consortium room.
//
// 5,000 tasks: one prepared statement per table, only the columns the map draws, task rows read as
// arrays (no column-name objects), no query per row.
import type { DB } from "../../db/client";
import type { Actor } from "./context.server";
import { canReadBoard, CONSORTIUM_BOARD, liveBoard, projectBoard } from "./boards.server";
import { all, placeholders, tuples } from "./sql.server";
import { getSettings } from "./consortium.server";
import { DomainError } from "./errors";
import type { Dependency, MapMilestone, MapTaskRow } from "./battle-map";
import type { TaskStatus } from "./domain";
import { listMilestones } from "./milestones.server";
import { listNotices, seesAllNotices } from "./notices.server";
import type { NoticeRow } from "./notices";
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
  /** Not-closed notices on the map's tasks that this viewer may see (`seesAllNotices` or his unit's). */
  notices: NoticeRow[];
  /** Whether live notice events of every unit apply to this viewer (else only his unit's). */
  seesAllNotices: boolean;
};

// The task columns, in the order `fromColumns` reads them.
const TASK_COLUMNS = "id, project_id, code, title, owner_unit_id, start_on, due_on, status, progress, is_key, version";
type TaskColumns = [number, number, string, string, number, string, string, TaskStatus, number, number, number];
const fromColumns = ([id, projectId, code, title, ownerUnitId, startOn, dueOn, status, progress, isKey, version]: TaskColumns): MapTaskRow => ({
  id,
  projectId,
  code,
  title,
  ownerUnitId,
  startOn,
  dueOn,
  status,
  progress,
  isKey: isKey === 1,
  version,
  archivedAt: null,
});
const SQL = {
  tasks: `SELECT ${TASK_COLUMNS} FROM tasks WHERE archived_at IS NULL`,
  units: "SELECT id, short_name AS shortName, name FROM member_units WHERE left_on IS NULL ORDER BY id",
  projects: "SELECT id, group_id AS groupId, code, name, lead_unit_id AS leadUnitId FROM projects ORDER BY code",
  groups: "SELECT id, code, name FROM project_groups ORDER BY code",
  dependencies: "SELECT predecessor_id AS predecessorId, successor_id AS successorId FROM task_dependencies",
} as const;

export function battleMapData(db: DB, actor: Actor): BattleMapData {
  const whole = canReadBoard(actor, CONSORTIUM_BOARD);
  // Experts: the projects they supervise (the same read rule as those projects' boards).
  const own = whole ? null : actor.projectIds.filter((id) => canReadBoard(actor, projectBoard(id)));
  if (own && own.length === 0) throw new DomainError("forbidden", 403);
  const visible = (projectId: number) => !own || own.includes(projectId);
  return db.transaction(() => {
    const { seq } = liveBoard(db, actor); // 0 for an expert's snapshot
    // An expert's few projects are picked in SQL; the whole consortium is one plain scan.
    const columns = own ? tuples<TaskColumns>(db, `${SQL.tasks} AND project_id IN (${placeholders(own)})`, ...own) : tuples<TaskColumns>(db, SQL.tasks);
    const tasks: MapTaskRow[] = [];
    const taskIds = new Set<number>();
    for (const c of columns) {
      if (!visible(c[1])) continue;
      tasks.push(fromColumns(c));
      taskIds.add(c[0]);
    }
    const projects = all<BattleMapProject>(db, SQL.projects).filter((p) => visible(p.id));
    const groupIds = new Set(projects.map((p) => p.groupId));
    const groups = all<BattleMapData["groups"][number]>(db, SQL.groups).filter((g) => groupIds.has(g.id));
    const milestones = listMilestones(db, own).map((m) => ({ ...m, taskIds: m.taskIds.filter((id) => taskIds.has(id)) }));
    const dependencies = all<Dependency>(db, SQL.dependencies).filter((d) => taskIds.has(d.predecessorId) && taskIds.has(d.successorId));
    const { ragYellowLag, ragRedLag, ragYellowDays, ragRedDays } = getSettings(db);
    return {
      boardId: whole ? CONSORTIUM_BOARD : null,
      seq,
      tasks,
      units: all<BattleMapData["units"][number]>(db, SQL.units),
      projects,
      groups,
      milestones,
      dependencies,
      settings: { ragYellowLag, ragRedLag, ragYellowDays, ragRedDays },
      notices: listNotices(db, actor, { open: true }).filter((n) => taskIds.has(n.taskId)),
      seesAllNotices: seesAllNotices(actor),
    };
  });
}
