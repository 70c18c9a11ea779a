-- Search over tasks, indicators, results, notices, meetings, units and people (issue 15). One FTS5
-- table; its `terms` are the search_terms() of each row (app/models/search-terms.ts: character bigrams
-- for Chinese), the other columns say what the row is and who may read it. rowid = source id * 8 + kind
-- number, so a trigger finds its row without scanning. Triggers keep it in step inside every write.
CREATE VIRTUAL TABLE search_index USING fts5(terms, kind UNINDEXED, ref_id UNINDEXED, project_id UNINDEXED, unit_id UNINDEXED, code UNINDEXED, title UNINDEXED, body UNINDEXED, tokenize = 'unicode61 remove_diacritics 0', prefix = '1');
--> statement-breakpoint
INSERT INTO search_index (rowid, terms, kind, ref_id, project_id, unit_id, code, title, body) SELECT s.id * 8 + 1, search_terms(s.code || ' ' || s.title || ' ' || s.description), 'task', s.id, s.project_id, s.owner_unit_id, s.code, s.title, s.description FROM tasks s WHERE s.archived_at IS NULL;
--> statement-breakpoint
CREATE TRIGGER search_tasks_ai AFTER INSERT ON tasks WHEN new.archived_at IS NULL BEGIN INSERT INTO search_index (rowid, terms, kind, ref_id, project_id, unit_id, code, title, body) SELECT new.id * 8 + 1, search_terms(new.code || ' ' || new.title || ' ' || new.description), 'task', new.id, new.project_id, new.owner_unit_id, new.code, new.title, new.description; END;
--> statement-breakpoint
CREATE TRIGGER search_tasks_au AFTER UPDATE OF code, title, description, archived_at, project_id, owner_unit_id ON tasks BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 1; INSERT INTO search_index (rowid, terms, kind, ref_id, project_id, unit_id, code, title, body) SELECT new.id * 8 + 1, search_terms(new.code || ' ' || new.title || ' ' || new.description), 'task', new.id, new.project_id, new.owner_unit_id, new.code, new.title, new.description WHERE new.archived_at IS NULL; END;
--> statement-breakpoint
CREATE TRIGGER search_tasks_ad AFTER DELETE ON tasks BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 1; END;
--> statement-breakpoint
INSERT INTO search_index (rowid, terms, kind, ref_id, project_id, unit_id, code, title, body) SELECT s.id * 8 + 2, search_terms(s.name), 'indicator', s.id, s.project_id, s.responsible_unit_id, coalesce((SELECT code FROM tasks WHERE id = s.task_id), ''), s.name, s.unit_of_measure FROM indicators s WHERE s.archived_at IS NULL;
--> statement-breakpoint
CREATE TRIGGER search_indicators_ai AFTER INSERT ON indicators WHEN new.archived_at IS NULL BEGIN INSERT INTO search_index (rowid, terms, kind, ref_id, project_id, unit_id, code, title, body) SELECT new.id * 8 + 2, search_terms(new.name), 'indicator', new.id, new.project_id, new.responsible_unit_id, coalesce((SELECT code FROM tasks WHERE id = new.task_id), ''), new.name, new.unit_of_measure; END;
--> statement-breakpoint
CREATE TRIGGER search_indicators_au AFTER UPDATE OF name, unit_of_measure, archived_at, project_id, task_id, responsible_unit_id ON indicators BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 2; INSERT INTO search_index (rowid, terms, kind, ref_id, project_id, unit_id, code, title, body) SELECT new.id * 8 + 2, search_terms(new.name), 'indicator', new.id, new.project_id, new.responsible_unit_id, coalesce((SELECT code FROM tasks WHERE id = new.task_id), ''), new.name, new.unit_of_measure WHERE new.archived_at IS NULL; END;
--> statement-breakpoint
CREATE TRIGGER search_indicators_ad AFTER DELETE ON indicators BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 2; END;
--> statement-breakpoint
INSERT INTO search_index (rowid, terms, kind, ref_id, project_id, unit_id, code, title, body) SELECT s.id * 8 + 3, search_terms(s.title || ' ' || s.registration_no || ' ' || s.use_where), 'result', s.id, s.project_id, s.owner_unit_id, s.registration_no, s.title, s.use_where FROM results s WHERE 1;
--> statement-breakpoint
CREATE TRIGGER search_results_ai AFTER INSERT ON results WHEN 1 BEGIN INSERT INTO search_index (rowid, terms, kind, ref_id, project_id, unit_id, code, title, body) SELECT new.id * 8 + 3, search_terms(new.title || ' ' || new.registration_no || ' ' || new.use_where), 'result', new.id, new.project_id, new.owner_unit_id, new.registration_no, new.title, new.use_where; END;
--> statement-breakpoint
CREATE TRIGGER search_results_au AFTER UPDATE ON results BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 3; INSERT INTO search_index (rowid, terms, kind, ref_id, project_id, unit_id, code, title, body) SELECT new.id * 8 + 3, search_terms(new.title || ' ' || new.registration_no || ' ' || new.use_where), 'result', new.id, new.project_id, new.owner_unit_id, new.registration_no, new.title, new.use_where WHERE 1; END;
--> statement-breakpoint
CREATE TRIGGER search_results_ad AFTER DELETE ON results BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 3; END;
--> statement-breakpoint
INSERT INTO search_index (rowid, terms, kind, ref_id, project_id, unit_id, code, title, body) SELECT s.id * 8 + 4, search_terms(s.body || ' ' || s.response), 'notice', s.id, (SELECT project_id FROM tasks WHERE id = s.task_id), s.unit_id, (SELECT code FROM tasks WHERE id = s.task_id), (SELECT title FROM tasks WHERE id = s.task_id), s.body FROM notices s WHERE 1;
--> statement-breakpoint
CREATE TRIGGER search_notices_ai AFTER INSERT ON notices WHEN 1 BEGIN INSERT INTO search_index (rowid, terms, kind, ref_id, project_id, unit_id, code, title, body) SELECT new.id * 8 + 4, search_terms(new.body || ' ' || new.response), 'notice', new.id, (SELECT project_id FROM tasks WHERE id = new.task_id), new.unit_id, (SELECT code FROM tasks WHERE id = new.task_id), (SELECT title FROM tasks WHERE id = new.task_id), new.body; END;
--> statement-breakpoint
CREATE TRIGGER search_notices_au AFTER UPDATE OF body, response, task_id, unit_id ON notices BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 4; INSERT INTO search_index (rowid, terms, kind, ref_id, project_id, unit_id, code, title, body) SELECT new.id * 8 + 4, search_terms(new.body || ' ' || new.response), 'notice', new.id, (SELECT project_id FROM tasks WHERE id = new.task_id), new.unit_id, (SELECT code FROM tasks WHERE id = new.task_id), (SELECT title FROM tasks WHERE id = new.task_id), new.body WHERE 1; END;
--> statement-breakpoint
CREATE TRIGGER search_notices_ad AFTER DELETE ON notices BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 4; END;
--> statement-breakpoint
INSERT INTO search_index (rowid, terms, kind, ref_id, project_id, unit_id, code, title, body) SELECT s.id * 8 + 5, search_terms(s.title || ' ' || s.summary), 'meeting', s.id, NULL, NULL, s.held_on, s.title, s.summary FROM meetings s WHERE 1;
--> statement-breakpoint
CREATE TRIGGER search_meetings_ai AFTER INSERT ON meetings WHEN 1 BEGIN INSERT INTO search_index (rowid, terms, kind, ref_id, project_id, unit_id, code, title, body) SELECT new.id * 8 + 5, search_terms(new.title || ' ' || new.summary), 'meeting', new.id, NULL, NULL, new.held_on, new.title, new.summary; END;
--> statement-breakpoint
CREATE TRIGGER search_meetings_au AFTER UPDATE ON meetings BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 5; INSERT INTO search_index (rowid, terms, kind, ref_id, project_id, unit_id, code, title, body) SELECT new.id * 8 + 5, search_terms(new.title || ' ' || new.summary), 'meeting', new.id, NULL, NULL, new.held_on, new.title, new.summary WHERE 1; END;
--> statement-breakpoint
CREATE TRIGGER search_meetings_ad AFTER DELETE ON meetings BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 5; END;
--> statement-breakpoint
INSERT INTO search_index (rowid, terms, kind, ref_id, project_id, unit_id, code, title, body) SELECT s.id * 8 + 6, search_terms(s.name || ' ' || s.short_name), 'unit', s.id, NULL, s.id, '', s.name, s.short_name FROM member_units s WHERE 1;
--> statement-breakpoint
CREATE TRIGGER search_member_units_ai AFTER INSERT ON member_units WHEN 1 BEGIN INSERT INTO search_index (rowid, terms, kind, ref_id, project_id, unit_id, code, title, body) SELECT new.id * 8 + 6, search_terms(new.name || ' ' || new.short_name), 'unit', new.id, NULL, new.id, '', new.name, new.short_name; END;
--> statement-breakpoint
CREATE TRIGGER search_member_units_au AFTER UPDATE OF name, short_name ON member_units BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 6; INSERT INTO search_index (rowid, terms, kind, ref_id, project_id, unit_id, code, title, body) SELECT new.id * 8 + 6, search_terms(new.name || ' ' || new.short_name), 'unit', new.id, NULL, new.id, '', new.name, new.short_name WHERE 1; END;
--> statement-breakpoint
CREATE TRIGGER search_member_units_ad AFTER DELETE ON member_units BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 6; END;
--> statement-breakpoint
INSERT INTO search_index (rowid, terms, kind, ref_id, project_id, unit_id, code, title, body) SELECT s.id * 8 + 7, search_terms(s.display_name || ' ' || s.username || ' ' || s.title), 'person', s.id, NULL, s.unit_id, s.username, s.display_name, s.title FROM users s WHERE s.active = 1;
--> statement-breakpoint
CREATE TRIGGER search_users_ai AFTER INSERT ON users WHEN new.active = 1 BEGIN INSERT INTO search_index (rowid, terms, kind, ref_id, project_id, unit_id, code, title, body) SELECT new.id * 8 + 7, search_terms(new.display_name || ' ' || new.username || ' ' || new.title), 'person', new.id, NULL, new.unit_id, new.username, new.display_name, new.title; END;
--> statement-breakpoint
CREATE TRIGGER search_users_au AFTER UPDATE OF display_name, username, title, unit_id, active ON users BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 7; INSERT INTO search_index (rowid, terms, kind, ref_id, project_id, unit_id, code, title, body) SELECT new.id * 8 + 7, search_terms(new.display_name || ' ' || new.username || ' ' || new.title), 'person', new.id, NULL, new.unit_id, new.username, new.display_name, new.title WHERE new.active = 1; END;
--> statement-breakpoint
CREATE TRIGGER search_users_ad AFTER DELETE ON users BEGIN DELETE FROM search_index WHERE rowid = old.id * 8 + 7; END;
