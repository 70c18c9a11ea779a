ALTER TABLE `check_items` ADD `title_key` text;--> statement-breakpoint
ALTER TABLE `check_items` ADD `title_params` text;