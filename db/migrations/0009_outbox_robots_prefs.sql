CREATE TABLE `deliveries` (
	`id` integer PRIMARY KEY NOT NULL,
	`channel` text NOT NULL,
	`user_id` integer,
	`robot_id` integer,
	`kind` text NOT NULL,
	`event_key` text NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`href` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`send_after` text NOT NULL,
	`last_error` text DEFAULT '' NOT NULL,
	`digest_id` integer,
	`created_at` text NOT NULL,
	`sent_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`robot_id`) REFERENCES `robots`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `deliveries_send_idx` ON `deliveries` (`status`,`send_after`);--> statement-breakpoint
CREATE INDEX `deliveries_user_idx` ON `deliveries` (`user_id`,`status`);--> statement-breakpoint
CREATE UNIQUE INDEX `deliveries_user_event_uq` ON `deliveries` (`user_id`,`event_key`) WHERE user_id IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `deliveries_robot_event_uq` ON `deliveries` (`robot_id`,`event_key`) WHERE robot_id IS NOT NULL;--> statement-breakpoint
CREATE TABLE `notification_prefs` (
	`user_id` integer NOT NULL,
	`kind` text NOT NULL,
	`mode` text NOT NULL,
	PRIMARY KEY(`user_id`, `kind`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `robots` (
	`id` integer PRIMARY KEY NOT NULL,
	`platform` text NOT NULL,
	`unit_id` integer,
	`name` text NOT NULL,
	`webhook_url` text NOT NULL,
	`secret` text DEFAULT '' NOT NULL,
	`allow_private` integer DEFAULT false NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `member_units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `robots_unit_idx` ON `robots` (`unit_id`);