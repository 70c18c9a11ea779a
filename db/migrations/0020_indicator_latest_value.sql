-- Each indicator's latest effective value and its date, stored on the indicator (issue 17: pages over
-- 40,000 indicators read a column, not a subquery per indicator). The rule is the one of latestValueSql
-- (app/models/indicators.server.ts): the effective value measured last, the later row on a tie. The
-- triggers keep it inside every write of indicator_values, whoever makes it.
ALTER TABLE `indicators` ADD `latest_value` real;
--> statement-breakpoint
ALTER TABLE `indicators` ADD `latest_on` text;
--> statement-breakpoint
UPDATE indicators SET latest_value = (SELECT v.value FROM effective_indicator_values v WHERE v.indicator_id = indicators.id ORDER BY v.measured_on DESC, v.id DESC LIMIT 1), latest_on = (SELECT v.measured_on FROM effective_indicator_values v WHERE v.indicator_id = indicators.id ORDER BY v.measured_on DESC, v.id DESC LIMIT 1);
--> statement-breakpoint
CREATE TRIGGER indicator_latest_ai AFTER INSERT ON indicator_values BEGIN UPDATE indicators SET latest_value = (SELECT v.value FROM effective_indicator_values v WHERE v.indicator_id = new.indicator_id ORDER BY v.measured_on DESC, v.id DESC LIMIT 1), latest_on = (SELECT v.measured_on FROM effective_indicator_values v WHERE v.indicator_id = new.indicator_id ORDER BY v.measured_on DESC, v.id DESC LIMIT 1) WHERE id = new.indicator_id; END;
--> statement-breakpoint
CREATE TRIGGER indicator_latest_au AFTER UPDATE ON indicator_values BEGIN UPDATE indicators SET latest_value = (SELECT v.value FROM effective_indicator_values v WHERE v.indicator_id = old.indicator_id ORDER BY v.measured_on DESC, v.id DESC LIMIT 1), latest_on = (SELECT v.measured_on FROM effective_indicator_values v WHERE v.indicator_id = old.indicator_id ORDER BY v.measured_on DESC, v.id DESC LIMIT 1) WHERE id = old.indicator_id; UPDATE indicators SET latest_value = (SELECT v.value FROM effective_indicator_values v WHERE v.indicator_id = new.indicator_id ORDER BY v.measured_on DESC, v.id DESC LIMIT 1), latest_on = (SELECT v.measured_on FROM effective_indicator_values v WHERE v.indicator_id = new.indicator_id ORDER BY v.measured_on DESC, v.id DESC LIMIT 1) WHERE id = new.indicator_id; END;
--> statement-breakpoint
CREATE TRIGGER indicator_latest_ad AFTER DELETE ON indicator_values BEGIN UPDATE indicators SET latest_value = (SELECT v.value FROM effective_indicator_values v WHERE v.indicator_id = old.indicator_id ORDER BY v.measured_on DESC, v.id DESC LIMIT 1), latest_on = (SELECT v.measured_on FROM effective_indicator_values v WHERE v.indicator_id = old.indicator_id ORDER BY v.measured_on DESC, v.id DESC LIMIT 1) WHERE id = old.indicator_id; END;
