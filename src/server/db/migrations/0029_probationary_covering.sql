-- The summary's count of untrained probationary members reads the probationary members only, and
-- without their heap pages (a province's 12,000 rows were 9,800 random page reads): the index
-- carries what the count filters on (decision 0054).
DROP INDEX IF EXISTS members_probationary_idx;
--> statement-breakpoint
CREATE INDEX members_probationary_idx ON members (org_path) INCLUDE (id, status, joined_on) WHERE category = 'probationary';
