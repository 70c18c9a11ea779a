// Milestone nodes (里程碑节点) of a project: the row the battle map and the boards keep, and the one
// write the map offers, saving a deadline planned backwards (倒排工期) as the node's due date.
// Pure: shared by the planning panel, the route action and the tests.
import * as z from "zod";
import { id, isoDate, version } from "./validation";

/** A milestone as it travels to the map and in `milestone.upserted` events: with the tasks feeding it. */
export type MilestoneRow = {
  id: number;
  projectId: number;
  name: string;
  dueOn: string;
  status: string;
  version: number;
  taskIds: number[];
};

/** Saving a milestone's deadline: the version is the one the client saw (optimistic). */
export const milestoneDueSchema = z.object({ id, dueOn: isoDate, version }).strict();
export type MilestoneDueInput = z.infer<typeof milestoneDueSchema>;
/** The form's intent on the battle map route (its only write). */
export const SAVE_DUE_INTENT = "milestoneDue";

/** A node's outcome, recorded once its day has come: 已达成 or 未达成 (or pending again, to undo a wrong call). */
export const MILESTONE_STATUSES = ["pending", "reached", "missed"] as const;
export const milestoneStatusSchema = z.object({ id, version, status: z.enum(MILESTONE_STATUSES) }).strict();
export type MilestoneStatusInput = z.infer<typeof milestoneStatusSchema>;

/** The tasks feeding a node (their results are what it checks): tasks of its project due on or before it. */
export const milestoneTasksSchema = z.object({ id, version, taskIds: z.array(id).max(1000).default([]) }).strict(); // no box ticked posts no field: no tasks
export type MilestoneTasksInput = z.infer<typeof milestoneTasksSchema>;

/** Only a node still ahead (未到期) gets a new deadline; a reached or missed one is history. */
export const canRedate = (m: Pick<MilestoneRow, "status">) => m.status === "pending";

/** The deadline must lie within the project's term (任务书 start and end). */
export const withinProject = (dueOn: string, p: { startOn: string; endOn: string }) => dueOn >= p.startOn && dueOn <= p.endOn;
