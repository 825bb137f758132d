-- 学时进度's member list of a large subtree walks the kept rows in the list's order (hours, path,
-- id) from the first hours of the standing asked for, keeping the subtree's rows (decision 0054);
-- the summary counts the probationary members still untrained from the probationary members only.
CREATE INDEX progress_members_walk_idx ON progress_members (year_from, seconds, org_path, member_id) INCLUDE (leader)
  WHERE kind = 'h';
--> statement-breakpoint
CREATE INDEX members_probationary_idx ON members (org_path) WHERE category = 'probationary';
