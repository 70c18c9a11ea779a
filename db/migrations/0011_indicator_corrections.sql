ALTER TABLE `indicator_values` ADD `kind` text DEFAULT 'value' NOT NULL;--> statement-breakpoint
ALTER TABLE `indicator_values` ADD `corrects_id` integer REFERENCES indicator_values(id);--> statement-breakpoint
ALTER TABLE `indicator_values` ADD `reason` text;--> statement-breakpoint
CREATE UNIQUE INDEX `indicator_values_corrects_uq` ON `indicator_values` (`corrects_id`);--> statement-breakpoint
ALTER TABLE `indicators` ADD `min` real;--> statement-breakpoint
ALTER TABLE `indicators` ADD `max` real;--> statement-breakpoint
CREATE VIEW `effective_indicator_values` AS select "id", "indicator_id", "value", "measured_on", "note", "recorded_by", "recorded_at", "kind", "corrects_id", "reason" from "indicator_values" where "indicator_values"."kind" <> 'withdrawal' AND NOT EXISTS (SELECT 1 FROM "indicator_values" "c" WHERE "c"."corrects_id" = "indicator_values"."id");