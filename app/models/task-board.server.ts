// The task board page's read model: the cards of the consortium's or one project's board with the
// choices the drawer offers, read in one transaction so `seq` matches the rows exactly.
import type { DB } from "../../db/client";
import type { Actor } from "./context.server";
import { assertCanReadBoard, liveBoard } from "./boards.server";
import { all } from "./sql.server";
import { notFound } from "./errors";
import { liveTasks } from "./tasks.server";
import { projectOptions, type ProjectOption } from "./projects.server";
import { indicatorCountsByTask } from "./indicators.server";
import type { TaskRow } from "./tasks";
import { linkRows } from "./task-dependencies.server";
import type { TaskLinksRow } from "./task-dependencies";

export type PersonOption = { id: number; displayName: string; unitId: number | null };
export type UnitOption = { id: number; shortName: string; name: string };

export type BoardData = {
  boardId: string;
  seq: number;
  title: string;
  tasks: TaskRow[];
  projects: ProjectOption[];
  units: UnitOption[];
  people: PersonOption[];
  /** Live indicator count per task id (absent: no indicators, progress is the recorded percentage). */
  indicatorCounts: Record<number, number>;
  /** Each successor's predecessors, followed live (entity `taskLinks`): the cards' 可启动 mark. */
  links: TaskLinksRow[];
};

/** Everything a board page needs, for a reader of the board. */
export function boardData(db: DB, actor: Actor, boardId: string): BoardData {
  const ref = assertCanReadBoard(actor, boardId);
  return db.transaction(() => {
    const { seq } = liveBoard(db, actor, boardId);
    const projectId = ref.kind === "project" ? ref.projectId : undefined;
    const tasks = liveTasks(db, projectId);
    const projects = projectOptions(db, projectId);
    if (projectId != null && projects.length === 0) throw notFound();
    const units = all<UnitOption>(db, "SELECT id, short_name AS shortName, name FROM member_units WHERE left_on IS NULL ORDER BY id");
    const people = all<PersonOption>(db, "SELECT id, display_name AS displayName, unit_id AS unitId FROM users WHERE active = 1 ORDER BY id");
    const title = projectId != null ? `${projects[0]!.code} ${projects[0]!.name}` : "";
    return { boardId, seq, title, tasks, projects, units, people, indicatorCounts: indicatorCountsByTask(db), links: linkRows(db, projectId) };
  });
}
