CREATE INDEX `tasks_map_unit_idx` ON `tasks` (`owner_unit_id`,`start_on`,`due_on`,`code`,`id`) WHERE archived_at IS NULL;--> statement-breakpoint
CREATE INDEX `tasks_map_project_idx` ON `tasks` (`project_id`,`start_on`,`due_on`,`code`,`id`) WHERE archived_at IS NULL;--> statement-breakpoint
CREATE INDEX `tasks_map_order_idx` ON `tasks` (`start_on`,`due_on`,`code`,`id`) WHERE archived_at IS NULL;