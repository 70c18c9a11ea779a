CREATE TABLE `credit_records` (
	`id` integer PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`unit_id` integer NOT NULL,
	`user_id` integer,
	`what` text NOT NULL,
	`occurred_on` text NOT NULL,
	`decision` text NOT NULL,
	`corrects_id` integer,
	`reason` text,
	`recorded_by` integer NOT NULL,
	`recorded_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `member_units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`corrects_id`) REFERENCES `credit_records`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `credit_records_unit_idx` ON `credit_records` (`unit_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `credit_records_corrects_uq` ON `credit_records` (`corrects_id`);--> statement-breakpoint
-- A credit record is evidence: rows are appended (corrections point at what they amend), never changed or removed.
CREATE TRIGGER credit_records_no_update BEFORE UPDATE ON credit_records
BEGIN SELECT RAISE(ABORT, 'credit_records is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER credit_records_no_delete BEFORE DELETE ON credit_records
BEGIN SELECT RAISE(ABORT, 'credit_records is append-only'); END;
--> statement-breakpoint
-- The strategic field is now one of seed 001's 15 fields, word for word; earlier short names map to the field that holds them.
UPDATE consortium SET field = CASE field
  WHEN '人工智能' THEN '智能计算与人工智能'
  WHEN '量子科技' THEN '微电子与光电子'
  WHEN '集成电路' THEN '微电子与光电子'
  WHEN '生物科技' THEN '结构生物学及关键生物技术'
  WHEN '新材料' THEN '功能材料'
  WHEN '新能源' THEN '新能源开发与利用'
  WHEN '人形机器人' THEN '智能控制与先进技术'
  WHEN '低空经济' THEN '智能控制与先进技术'
  WHEN '高端装备' THEN '智能控制与先进技术'
  WHEN '智能网联汽车' THEN '智能控制与先进技术'
  WHEN '生命健康' THEN '新药创制与高端医疗器械'
  WHEN '未来网络' THEN '云计算与未来网络'
  WHEN '元宇宙' THEN '大数据与信息安全'
  WHEN '空天信息' THEN '海洋与空天材料'
  WHEN '深海装备' THEN '海洋与空天材料'
  ELSE field END;
