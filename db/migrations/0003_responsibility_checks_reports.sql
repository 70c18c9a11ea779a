CREATE TABLE `acceptances` (
	`id` integer PRIMARY KEY NOT NULL,
	`task_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`decision` text NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	`signed_by` integer NOT NULL,
	`signed_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `member_units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`signed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `acceptances_task_idx` ON `acceptances` (`task_id`);--> statement-breakpoint
CREATE TABLE `change_requests` (
	`id` integer PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`project_id` integer,
	`target_id` integer,
	`payload` text NOT NULL,
	`before` text DEFAULT 'null' NOT NULL,
	`reason` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`requested_by` integer NOT NULL,
	`requested_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`decided_by` integer,
	`decided_at` text,
	`decision_comment` text DEFAULT '' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `change_requests_status_idx` ON `change_requests` (`status`);--> statement-breakpoint
CREATE INDEX `change_requests_target_idx` ON `change_requests` (`kind`,`target_id`);--> statement-breakpoint
CREATE TABLE `check_experts` (
	`check_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	PRIMARY KEY(`check_id`, `user_id`),
	FOREIGN KEY (`check_id`) REFERENCES `checks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `check_items` (
	`id` integer PRIMARY KEY NOT NULL,
	`check_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`kind` text NOT NULL,
	`ref_id` integer,
	`title` text NOT NULL,
	`finding` text DEFAULT '' NOT NULL,
	`result` text,
	`recorded_by` integer,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`check_id`) REFERENCES `checks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `check_items_check_idx` ON `check_items` (`check_id`);--> statement-breakpoint
CREATE TABLE `checks` (
	`id` integer PRIMARY KEY NOT NULL,
	`project_id` integer NOT NULL,
	`milestone_id` integer,
	`kind` text NOT NULL,
	`scheduled_on` text NOT NULL,
	`status` text DEFAULT 'scheduled' NOT NULL,
	`self_assessment` text DEFAULT '' NOT NULL,
	`self_assessed_by` integer,
	`self_assessed_at` text,
	`outcome` text,
	`outcome_summary` text DEFAULT '' NOT NULL,
	`signed_by` integer,
	`signed_at` text,
	`created_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`milestone_id`) REFERENCES `milestones`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`self_assessed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`signed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `checks_project_idx` ON `checks` (`project_id`);--> statement-breakpoint
CREATE TABLE `closeout_items` (
	`id` integer PRIMARY KEY NOT NULL,
	`proposal_id` integer NOT NULL,
	`indicator_id` integer NOT NULL,
	`waiver_reason` text,
	FOREIGN KEY (`proposal_id`) REFERENCES `closeout_proposals`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`indicator_id`) REFERENCES `indicators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `closeout_items_uq` ON `closeout_items` (`proposal_id`,`indicator_id`);--> statement-breakpoint
CREATE TABLE `closeout_proposals` (
	`id` integer PRIMARY KEY NOT NULL,
	`round_id` integer NOT NULL,
	`task_id` integer NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'proposed' NOT NULL,
	`proposed_by` integer NOT NULL,
	`proposed_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`decided_by` integer,
	`decided_at` text,
	`decision_comment` text DEFAULT '' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`round_id`) REFERENCES `closeout_rounds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`proposed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `closeout_proposals_round_idx` ON `closeout_proposals` (`round_id`);--> statement-breakpoint
CREATE INDEX `closeout_proposals_task_idx` ON `closeout_proposals` (`task_id`);--> statement-breakpoint
CREATE TABLE `closeout_rounds` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`period` text NOT NULL,
	`closes_on` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`opened_by` integer NOT NULL,
	`opened_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`closed_by` integer,
	`closed_at` text,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`opened_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`closed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `escalations` (
	`id` integer PRIMARY KEY NOT NULL,
	`check_id` integer NOT NULL,
	`rectification_id` integer,
	`description` text NOT NULL,
	`escalated_by` integer NOT NULL,
	`escalated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`resolution` text DEFAULT '' NOT NULL,
	`resolved_by` integer,
	`resolved_at` text,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`check_id`) REFERENCES `checks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`rectification_id`) REFERENCES `rectifications`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`escalated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`resolved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `evidence_files` (
	`id` integer PRIMARY KEY NOT NULL,
	`sha256` text NOT NULL,
	`name` text NOT NULL,
	`mime` text NOT NULL,
	`size` integer NOT NULL,
	`project_id` integer,
	`subject_type` text NOT NULL,
	`subject_id` integer NOT NULL,
	`uploaded_by` integer NOT NULL,
	`uploaded_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `evidence_subject_idx` ON `evidence_files` (`subject_type`,`subject_id`);--> statement-breakpoint
CREATE TABLE `indicator_values` (
	`id` integer PRIMARY KEY NOT NULL,
	`indicator_id` integer NOT NULL,
	`value` real NOT NULL,
	`measured_on` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`recorded_by` integer NOT NULL,
	`recorded_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`indicator_id`) REFERENCES `indicators`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `indicator_values_indicator_idx` ON `indicator_values` (`indicator_id`,`measured_on`);--> statement-breakpoint
CREATE TABLE `indicators` (
	`id` integer PRIMARY KEY NOT NULL,
	`project_id` integer NOT NULL,
	`task_id` integer,
	`name` text NOT NULL,
	`unit_of_measure` text DEFAULT '' NOT NULL,
	`baseline` real,
	`target` real,
	`direction` text NOT NULL,
	`due_on` text NOT NULL,
	`responsible_unit_id` integer NOT NULL,
	`responsible_user_id` integer,
	`waived_reason` text,
	`archived_at` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_by` integer,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`responsible_unit_id`) REFERENCES `member_units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`responsible_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `indicators_task_idx` ON `indicators` (`task_id`);--> statement-breakpoint
CREATE INDEX `indicators_project_idx` ON `indicators` (`project_id`);--> statement-breakpoint
CREATE INDEX `indicators_unit_idx` ON `indicators` (`responsible_unit_id`);--> statement-breakpoint
CREATE TABLE `key_technologies` (
	`id` integer PRIMARY KEY NOT NULL,
	`project_id` integer NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`owner_unit_id` integer NOT NULL,
	`start_trl` integer NOT NULL,
	`target_trl` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_unit_id`) REFERENCES `member_units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `meetings` (
	`id` integer PRIMARY KEY NOT NULL,
	`organ` text NOT NULL,
	`held_on` text NOT NULL,
	`title` text NOT NULL,
	`summary` text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE `project_funding` (
	`id` integer PRIMARY KEY NOT NULL,
	`project_id` integer NOT NULL,
	`year` integer NOT NULL,
	`provincial_funds` real DEFAULT 0 NOT NULL,
	`self_funds` real DEFAULT 0 NOT NULL,
	`spent` real DEFAULT 0 NOT NULL,
	`suggestion` text DEFAULT '' NOT NULL,
	`suggested_funds` real DEFAULT 0 NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `project_funding_uq` ON `project_funding` (`project_id`,`year`);--> statement-breakpoint
CREATE TABLE `rectifications` (
	`id` integer PRIMARY KEY NOT NULL,
	`check_id` integer NOT NULL,
	`check_item_id` integer,
	`description` text NOT NULL,
	`owner_unit_id` integer NOT NULL,
	`due_on` text NOT NULL,
	`severity` text DEFAULT 'normal' NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`response` text DEFAULT '' NOT NULL,
	`closed_by` integer,
	`closed_at` text,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`check_id`) REFERENCES `checks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`check_item_id`) REFERENCES `check_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_unit_id`) REFERENCES `member_units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`closed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `rectifications_check_idx` ON `rectifications` (`check_id`);--> statement-breakpoint
CREATE INDEX `rectifications_unit_idx` ON `rectifications` (`owner_unit_id`,`status`);--> statement-breakpoint
CREATE TABLE `report_drafts` (
	`id` integer PRIMARY KEY NOT NULL,
	`year` integer NOT NULL,
	`format` text NOT NULL,
	`sections` text DEFAULT '{}' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_by` integer,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `report_drafts_year_format_uq` ON `report_drafts` (`year`,`format`);--> statement-breakpoint
CREATE TABLE `responsibility_signoffs` (
	`id` integer PRIMARY KEY NOT NULL,
	`unit_id` integer NOT NULL,
	`year` integer NOT NULL,
	`snapshot` text NOT NULL,
	`signed_by` integer NOT NULL,
	`signed_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `member_units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`signed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `responsibility_signoffs_unit_year_uq` ON `responsibility_signoffs` (`unit_id`,`year`);--> statement-breakpoint
CREATE TABLE `result_sharing_units` (
	`result_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	PRIMARY KEY(`result_id`, `unit_id`),
	FOREIGN KEY (`result_id`) REFERENCES `results`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`unit_id`) REFERENCES `member_units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `results` (
	`id` integer PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`registration_no` text DEFAULT '' NOT NULL,
	`project_id` integer,
	`owner_unit_id` integer NOT NULL,
	`obtained_on` text,
	`is_common_tech` integer DEFAULT false NOT NULL,
	`in_use` integer DEFAULT false NOT NULL,
	`use_where` text DEFAULT '' NOT NULL,
	`created_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_unit_id`) REFERENCES `member_units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `results_owner_idx` ON `results` (`owner_unit_id`);--> statement-breakpoint
CREATE TABLE `task_deliverables` (
	`task_id` integer PRIMARY KEY NOT NULL,
	`deliverable` text NOT NULL,
	`accepting_unit_id` integer NOT NULL,
	`acceptance_kind` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`accepting_unit_id`) REFERENCES `member_units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `trl_claims` (
	`id` integer PRIMARY KEY NOT NULL,
	`technology_id` integer NOT NULL,
	`iteration_id` integer,
	`trl` integer NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`unit_id` integer NOT NULL,
	`claimed_by` integer NOT NULL,
	`claimed_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`status` text DEFAULT 'claimed' NOT NULL,
	`decided_by` integer,
	`decided_at` text,
	`decision_comment` text DEFAULT '' NOT NULL,
	`check_id` integer,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`technology_id`) REFERENCES `key_technologies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`iteration_id`) REFERENCES `vmodel_iterations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `member_units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`claimed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `trl_claims_technology_idx` ON `trl_claims` (`technology_id`);--> statement-breakpoint
CREATE TABLE `vmodel_item_tasks` (
	`item_id` integer NOT NULL,
	`task_id` integer NOT NULL,
	PRIMARY KEY(`item_id`, `task_id`),
	FOREIGN KEY (`item_id`) REFERENCES `vmodel_items`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `vmodel_items` (
	`id` integer PRIMARY KEY NOT NULL,
	`iteration_id` integer NOT NULL,
	`leg` text NOT NULL,
	`level` text NOT NULL,
	`title` text NOT NULL,
	`state` text DEFAULT 'planned' NOT NULL,
	`verifies_item_id` integer,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`iteration_id`) REFERENCES `vmodel_iterations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `vmodel_items_iteration_idx` ON `vmodel_items` (`iteration_id`);--> statement-breakpoint
CREATE TABLE `vmodel_iterations` (
	`id` integer PRIMARY KEY NOT NULL,
	`technology_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`stage` text NOT NULL,
	`sample_level` text NOT NULL,
	`entry_trl` integer NOT NULL,
	`target_trl` integer NOT NULL,
	`start_on` text NOT NULL,
	`end_on` text NOT NULL,
	`status` text DEFAULT 'planned' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`technology_id`) REFERENCES `key_technologies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `vmodel_iterations_seq_uq` ON `vmodel_iterations` (`technology_id`,`seq`);