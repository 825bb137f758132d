-- Name search under an org (lib/search.ts) for Chinese text of two characters or more: what the
-- GIN index members_search_gin holds for a member.
--   * The name's pairs of adjacent characters: 秀英 needs the pair 秀英, not 秀 and 英 anywhere,
--     which hundreds of thousands of names have; a pair is rare (a few thousand in a province).
--   * '@' and each label of the org path below the root (the org ids of the member's branch and
--     of its ancestors), so that the index keeps one subtree's members.
-- So "秀英 under this city" is one intersection of posting lists inside the index, not a read of
-- the province's matches nor a walk of the city. The search rechecks the text itself (pairs do not
-- say they are adjacent in 王秀英). One character (王) is common and has the cheaper characters'
-- index (members_name_chars_gin, whose recheck is a built-in function): a common token's bitmap
-- grows lossy and PostgreSQL then recomputes this function for every row of its pages. Lower
-- case, as the search compares. PL/pgSQL: three times faster than the same in SQL (3 µs a member).
CREATE FUNCTION member_search_tokens(name text, path ltree) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  n text := lower(name);
  tokens text[] := '{}';
  label text;
BEGIN
  FOR i IN 1 .. length(n) - 1 LOOP
    tokens := tokens || substr(n, i, 2);
  END LOOP;
  FOREACH label IN ARRAY (string_to_array(ltree2text(path), '.'))[2:] LOOP
    tokens := tokens || ('@' || label);
  END LOOP;
  RETURN tokens;
END $$;--> statement-breakpoint
CREATE INDEX "members_search_gin" ON "members" USING gin (member_search_tokens("name", "org_path"));