CREATE TABLE `activity_scope` (
	`audit_id` integer PRIMARY KEY NOT NULL,
	`project_id` integer,
	`unit_id` integer
);
--> statement-breakpoint
CREATE INDEX `activity_scope_project_idx` ON `activity_scope` (`project_id`,`audit_id`);
--> statement-breakpoint
-- The trail written before this migration joins the feeds too: work on the consortium's items (not
-- accounts, sign-ins or settings), placed in its project by the row's own projectId, its task's project
-- (a task's own row, an indicator, a 提示/督办, a comment on a task) or the project itself; a 提示/督办 is
-- readable only by its unit (and those who see every notice).
INSERT INTO activity_scope (audit_id, project_id, unit_id)
SELECT a.id,
  COALESCE(
    json_extract(coalesce(a.after, a.before), '$.projectId'),
    CASE WHEN a.entity IN ('task', 'task_dependency') THEN (SELECT t.project_id FROM tasks t WHERE t.id = CAST(a.entity_id AS INTEGER)) END,
    (SELECT t.project_id FROM tasks t WHERE t.id = json_extract(coalesce(a.after, a.before), '$.taskId')),
    CASE WHEN a.entity = 'comment' AND json_extract(coalesce(a.after, a.before), '$.entity') = 'task'
      THEN (SELECT t.project_id FROM tasks t WHERE t.id = json_extract(coalesce(a.after, a.before), '$.entityId')) END,
    CASE WHEN a.entity = 'indicator_value' THEN (SELECT t.project_id FROM indicators i JOIN tasks t ON t.id = i.task_id WHERE i.id = json_extract(coalesce(a.after, a.before), '$.indicatorId')) END,
    CASE WHEN a.entity = 'project' THEN CAST(a.entity_id AS INTEGER) END
  ),
  CASE WHEN a.entity = 'notice' THEN json_extract(coalesce(a.after, a.before), '$.unitId') END
FROM audit_log a
WHERE a.entity IN ('task', 'task_dependency', 'indicator', 'indicator_value', 'notice', 'closeout_proposal', 'closeout_round', 'comment', 'attachment',
  'deliverable', 'check', 'check_item', 'rectification', 'escalation', 'milestone', 'change_request', 'technology', 'iteration', 'vmodel_item',
  'trl_claim', 'result', 'project', 'keyreport', 'keyreopen', 'filing', 'responsibility_list', 'acceptance')
  AND a.action NOT IN ('rectification.remind');
