// The milestone forms' server half, shared by the two pages that show a project's milestone section (the
// admin's project page and the project's own milestone page): add, edit, judge a node and set the tasks
// feeding it. Rights are the model's (update:milestone: the project's lead, the chief scientist, the
// secretariat); the new node belongs to the project in the page's URL.
import type { AppLoadContext } from "@remix-run/node";
import type { Posted } from "../lib/intent-form.server";
import { createMilestone, milestoneSchema, milestoneUpdateSchema, updateMilestone } from "../models/project-setup.server";
import { setMilestoneStatus, setMilestoneTasks } from "../models/milestones.server";
import { milestoneStatusSchema, milestoneTasksSchema } from "../models/milestones";

export const MILESTONE_INTENTS = ["milestone", "milestoneUpdate", "milestoneStatus", "milestoneTasks"] as const;
export type MilestoneIntent = (typeof MILESTONE_INTENTS)[number];

export const isMilestoneIntent = (intent: string): intent is MilestoneIntent => (MILESTONE_INTENTS as readonly string[]).includes(intent);

export function answerMilestone(context: AppLoadContext, post: Omit<Posted<string>, "intent"> & { intent: MilestoneIntent }, projectId: string | undefined) {
  const { actor, intent, form, run } = post;
  switch (intent) {
    case "milestone":
      form.set("projectId", projectId ?? "");
      return run(milestoneSchema, (v) => createMilestone(context, actor, v));
    case "milestoneUpdate":
      return run(milestoneUpdateSchema, (v) => updateMilestone(context, actor, v), { keepValues: true });
    case "milestoneStatus":
      return run(milestoneStatusSchema, (v) => setMilestoneStatus(context, actor, v));
    case "milestoneTasks":
      return run(milestoneTasksSchema, (v) => setMilestoneTasks(context, actor, v), { keepValues: true });
  }
}
