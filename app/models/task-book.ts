// 任务书 and its 论证 (seed 000 art. 14: responsible experts 「负责项目任务书的论证」). Pure: the schemas of
// the page's three forms, the review conclusions and the rule of when a version counts as reviewed.
//
// A project has at most one task book, submitted in versions (each submission a new version, earlier ones
// kept and readable). A version states the goals, the term, the indicators (name, unit of measure,
// baseline, target, direction, due date, and the unit answering for it) and the division of work (one
// duty per participating unit, with the title of the task it becomes), with the document itself attached.
// Responsible experts of the project record one review per version; once the latest version has a
// 通过 or 修改后通过 and no 不通过, the project lead creates the project's tasks and indicators from it:
// one task per division row, each unit's indicators under its task.
import * as z from "zod";
import { checkTarget, indicatorDraftFields } from "./indicators";
import { id, isoDate, msg, optionalText, requiredText, version } from "./validation";

export const REVIEW_CONCLUSIONS = ["pass", "pass_with_changes", "fail"] as const;
export type ReviewConclusion = (typeof REVIEW_CONCLUSIONS)[number];

/** An indicator of the task book: the draft fields and the unit answering for it (one of the division's units). */
export const taskBookIndicatorSchema = indicatorDraftFields.extend({ unitId: id }).strict().superRefine(checkTarget);
export type TaskBookIndicator = z.infer<typeof taskBookIndicatorSchema>;

/** One unit's share of the work: the task it becomes (title) and its duty text. */
export const divisionRowSchema = z.object({ unitId: id, title: requiredText(120), duty: requiredText(2000) }).strict();
export type DivisionRow = z.infer<typeof divisionRowSchema>;

export const taskBookSubmitSchema = z
  .object({
    projectId: id,
    /** The latest version number the writer saw (0: there was no task book yet). */
    version,
    goals: requiredText(4000),
    termStart: isoDate,
    termEnd: isoDate,
    indicators: z.array(taskBookIndicatorSchema).min(1).max(100),
    division: z.array(divisionRowSchema).min(1).max(50),
    note: optionalText(1000),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.termEnd < v.termStart) ctx.addIssue({ code: "custom", message: msg("errors.datesOrder"), path: ["termEnd"] });
    const units = v.division.map((d) => d.unitId);
    units.forEach((u, i) => {
      if (units.indexOf(u) !== i) ctx.addIssue({ code: "custom", message: msg("taskBook.unitTwice"), path: ["division", i, "unitId"] });
    });
    v.indicators.forEach((ind, i) => {
      if (!units.includes(ind.unitId)) ctx.addIssue({ code: "custom", message: msg("taskBook.indicatorUnitNotInDivision"), path: ["indicators", i, "unitId"] });
      if (ind.dueOn < v.termStart || ind.dueOn > v.termEnd) ctx.addIssue({ code: "custom", message: msg("taskBook.dueOutsideTerm"), path: ["indicators", i, "dueOn"] });
    });
  });
export type TaskBookSubmitInput = z.infer<typeof taskBookSubmitSchema>;

/** A review of one version (the version number the expert read: a newer one makes it stale). */
export const taskBookReviewSchema = z.object({ projectId: id, version: id, conclusion: z.enum(REVIEW_CONCLUSIONS), text: requiredText(4000) }).strict();
export type TaskBookReviewInput = z.infer<typeof taskBookReviewSchema>;

/** Creating the tasks from the version the project lead saw reviewed. */
export const taskBookCreateTasksSchema = z.object({ projectId: id, version: id }).strict();
export type TaskBookCreateTasksInput = z.infer<typeof taskBookCreateTasksSchema>;

/** A version counts as reviewed when some expert passed it (with or without changes) and none failed it. */
export function isReviewed(reviews: { conclusion: ReviewConclusion }[]): boolean {
  return reviews.some((r) => r.conclusion !== "fail") && !reviews.some((r) => r.conclusion === "fail");
}

export type TaskBookReview = { id: number; expertId: number; expertName: string; unitName: string | null; conclusion: ReviewConclusion; text: string; reviewedAt: string };

export type TaskBookVersion = {
  id: number;
  number: number;
  goals: string;
  termStart: string;
  termEnd: string;
  indicators: (TaskBookIndicator & { unitName: string })[];
  division: (DivisionRow & { unitName: string })[];
  note: string;
  submittedBy: number;
  submitterName: string;
  submittedAt: string;
  reviews: TaskBookReview[];
};

/** The head row as the boards carry it. */
export type TaskBookRow = { id: number; projectId: number; version: number; tasksFromVersion: number | null; tasksCreatedAt: string | null; updatedAt: string };
