-- 学时进度's member list of a smaller subtree reads the kept rows of its path range and sorts that
-- page (decision 0054); a large one walks progress_members_walk_idx (migration 0027).
CREATE INDEX progress_members_path_idx ON progress_members (org_path, year_from) INCLUDE (seconds, leader, member_id)
  WHERE kind = 'h';
