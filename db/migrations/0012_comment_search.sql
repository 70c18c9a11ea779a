-- Comments in the search index (issue 15): kind 'comment', rowid = comment id * 8 + 0 (the one number the
-- other kinds left free). A deleted comment leaves the index. Who may read a comment is its item's read
-- permission, which differs per item kind (a project's board, the results registry): the search filters
-- comment hits in the model layer (search.server.ts, through comments.server.ts), not here.
INSERT INTO search_index (rowid, terms, kind, ref_id, project_id, unit_id, code, title, body) SELECT s.id * 8, search_terms(s.body), 'comment', s.id, NULL, NULL, '', '', s.body FROM comments s WHERE s.deleted_at IS NULL;
--> statement-breakpoint
CREATE TRIGGER search_comments_ai AFTER INSERT ON comments WHEN new.deleted_at IS NULL BEGIN INSERT INTO search_index (rowid, terms, kind, ref_id, project_id, unit_id, code, title, body) SELECT new.id * 8, search_terms(new.body), 'comment', new.id, NULL, NULL, '', '', new.body; END;
--> statement-breakpoint
CREATE TRIGGER search_comments_au AFTER UPDATE OF body, deleted_at ON comments BEGIN DELETE FROM search_index WHERE rowid = old.id * 8; INSERT INTO search_index (rowid, terms, kind, ref_id, project_id, unit_id, code, title, body) SELECT new.id * 8, search_terms(new.body), 'comment', new.id, NULL, NULL, '', '', new.body WHERE new.deleted_at IS NULL; END;
--> statement-breakpoint
CREATE TRIGGER search_comments_ad AFTER DELETE ON comments BEGIN DELETE FROM search_index WHERE rowid = old.id * 8; END;
