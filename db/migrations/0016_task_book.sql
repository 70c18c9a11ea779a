CREATE TABLE `task_book_reviews` (
	`id` integer PRIMARY KEY NOT NULL,
	`version_id` integer NOT NULL,
	`expert_id` integer NOT NULL,
	`conclusion` text NOT NULL,
	`text` text NOT NULL,
	`reviewed_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`version_id`) REFERENCES `task_book_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`expert_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `task_book_reviews_uq` ON `task_book_reviews` (`version_id`,`expert_id`);--> statement-breakpoint
CREATE TABLE `task_book_versions` (
	`id` integer PRIMARY KEY NOT NULL,
	`book_id` integer NOT NULL,
	`number` integer NOT NULL,
	`goals` text NOT NULL,
	`term_start` text NOT NULL,
	`term_end` text NOT NULL,
	`indicators` text NOT NULL,
	`division` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`submitted_by` integer NOT NULL,
	`submitted_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`book_id`) REFERENCES `task_books`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`submitted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `task_book_versions_uq` ON `task_book_versions` (`book_id`,`number`);--> statement-breakpoint
CREATE TABLE `task_books` (
	`id` integer PRIMARY KEY NOT NULL,
	`project_id` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`tasks_from_version` integer,
	`tasks_created_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_by` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `task_books_project_uq` ON `task_books` (`project_id`);
