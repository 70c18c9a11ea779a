CREATE TABLE `meeting_attendees` (
	`meeting_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	PRIMARY KEY(`meeting_id`, `user_id`),
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `meeting_decisions` (
	`id` integer PRIMARY KEY NOT NULL,
	`meeting_id` integer NOT NULL,
	`position` integer NOT NULL,
	`text` text NOT NULL,
	`task_id` integer,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `meeting_decisions_task_idx` ON `meeting_decisions` (`task_id`);--> statement-breakpoint
CREATE TABLE `meeting_units` (
	`meeting_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	PRIMARY KEY(`meeting_id`, `unit_id`),
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`unit_id`) REFERENCES `member_units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `consortium_goals` ADD `version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `meetings` ADD `kind` text DEFAULT 'session' NOT NULL;--> statement-breakpoint
ALTER TABLE `meetings` ADD `place` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `meetings` ADD `agenda` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `meetings` ADD `present_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `meetings` ADD `version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `organ_members` ADD `since_on` text;--> statement-breakpoint
ALTER TABLE `organ_members` ADD `until_on` text;--> statement-breakpoint
ALTER TABLE `organ_members` ADD `version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `project_funding` ADD `proposed_spent` real;--> statement-breakpoint
ALTER TABLE `project_funding` ADD `proposed_by` integer REFERENCES users(id);
--> statement-breakpoint
DROP TRIGGER search_meetings_au;
--> statement-breakpoint
CREATE TRIGGER search_meetings_au AFTER UPDATE ON meetings BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 5; INSERT INTO search_index (rowid, terms, kind, ref_id, project_id, unit_id, code, title, body) SELECT new.id * 8 + 5, search_terms(new.title || ' ' || new.agenda || ' ' || new.summary), 'meeting', new.id, NULL, NULL, new.held_on, new.title, new.summary WHERE 1; END;
--> statement-breakpoint
DROP TRIGGER search_meetings_ai;
--> statement-breakpoint
CREATE TRIGGER search_meetings_ai AFTER INSERT ON meetings WHEN 1 BEGIN INSERT INTO search_index (rowid, terms, kind, ref_id, project_id, unit_id, code, title, body) SELECT new.id * 8 + 5, search_terms(new.title || ' ' || new.agenda || ' ' || new.summary), 'meeting', new.id, NULL, NULL, new.held_on, new.title, new.summary; END;
