CREATE TABLE `acceptance_delegations` (
	`task_id` integer PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`delegated_by` integer NOT NULL,
	`delegated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`delegated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `check_evidence_opens` (
	`check_id` integer NOT NULL,
	`evidence_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`opened_at` text NOT NULL,
	PRIMARY KEY(`check_id`, `evidence_id`, `user_id`),
	FOREIGN KEY (`check_id`) REFERENCES `checks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`evidence_id`) REFERENCES `evidence_files`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `acceptances` ADD `delegated_by` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `check_items` ADD `bulk` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `checks` ADD `early_reason` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `checks` ADD `self_waiver` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `checks` ADD `self_waived_by` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `checks` ADD `self_waived_at` text;--> statement-breakpoint
ALTER TABLE `checks` ADD `rest_statement` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `checks` ADD `rest_statement_by` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `checks` ADD `rest_statement_at` text;--> statement-breakpoint
ALTER TABLE `rectifications` ADD `opened_at` text;--> statement-breakpoint
ALTER TABLE `rectifications` ADD `closing_value_id` integer REFERENCES indicator_values(id);--> statement-breakpoint
ALTER TABLE `rectifications` ADD `no_value_reason` text DEFAULT '' NOT NULL;--> statement-breakpoint
-- A rectification is opened when its check is signed (the only place one is created so far).
UPDATE `rectifications` SET `opened_at` = (SELECT `signed_at` FROM `checks` WHERE `checks`.`id` = `rectifications`.`check_id`) WHERE `opened_at` IS NULL;--> statement-breakpoint
-- Acceptance is signed by the accepting unit's lead (or his delegate), no longer by a project lead of that unit.
DELETE FROM `role_permissions` WHERE `role` = 'project_lead' AND `permission` = 'sign:acceptance:own-unit';
