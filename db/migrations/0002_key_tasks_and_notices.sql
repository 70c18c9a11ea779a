CREATE TABLE `filing_reopenings` (
	`id` integer PRIMARY KEY NOT NULL,
	`unit_id` integer NOT NULL,
	`month` text NOT NULL,
	`until` text NOT NULL,
	`reopened_by` integer NOT NULL,
	`reopened_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `member_units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reopened_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `filing_reopenings_unit_month_idx` ON `filing_reopenings` (`unit_id`,`month`);--> statement-breakpoint
CREATE TABLE `key_task_reports` (
	`id` integer PRIMARY KEY NOT NULL,
	`task_id` integer NOT NULL,
	`month` text NOT NULL,
	`planned_target` text DEFAULT '' NOT NULL,
	`actual_progress` integer DEFAULT 0 NOT NULL,
	`problems` text DEFAULT '' NOT NULL,
	`next_steps` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`filed_by` integer,
	`filed_at` text,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_by` integer,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`filed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `key_task_reports_task_month_uq` ON `key_task_reports` (`task_id`,`month`);--> statement-breakpoint
CREATE INDEX `key_task_reports_month_idx` ON `key_task_reports` (`month`);--> statement-breakpoint
CREATE TABLE `notices` (
	`id` integer PRIMARY KEY NOT NULL,
	`task_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`kind` text NOT NULL,
	`body` text NOT NULL,
	`respond_by` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`issued_by` integer NOT NULL,
	`issued_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`acknowledged_by` integer,
	`acknowledged_at` text,
	`response` text DEFAULT '' NOT NULL,
	`responded_by` integer,
	`responded_at` text,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `member_units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`issued_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`acknowledged_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`responded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notices_task_idx` ON `notices` (`task_id`);--> statement-breakpoint
CREATE INDEX `notices_unit_idx` ON `notices` (`unit_id`,`status`);