-- pairSearch: a name search's matches in a large subtree, the page cut from them
select "members"."id" as id from "members" where (("members"."org_path" >= $1::ltree and "members"."org_path" < $2::ltree) and ((member_search_tokens("members"."name", "members"."org_path") @> array[$3, $4]::text[] and "members"."name" ilike $5) and "members"."status" not in ('left', 'deceased') and "members"."gender" = $6))
      order by "members"."org_path", "members"."id" limit $7;

-- page: the second page of 20 in tree order
select "members"."id", "members"."org_id", "members"."org_path", "members"."group_id", "members"."name", "members"."name_pinyin", "members"."name_initials", "members"."gender", "members"."ethnicity", "members"."birth_date", "members"."id_number_masked", "members"."phone_masked", "members"."education", "members"."work_unit", "members"."category", "members"."status", "members"."leave_reason", "members"."left_on", "members"."joined_on", "members"."confirmed_on", "members"."probation_extended_months", "members"."import_id", "members"."created_at", "members"."updated_at", "orgs"."name", "groups"."name", (
  select json_build_object('id', t.id, 'fromOrgId', t.from_org_id, 'toOrgId', t.to_org_id,
    'fromOrgName', fo.name, 'toOrgName', tto.name)
  from transfers t join orgs fo on fo.id = t.from_org_id join orgs tto on tto.id = t.to_org_id
  where t.member_id = "members"."id" and t.status = 'pending' limit 1) from "members" inner join "orgs" on "orgs"."id" = "members"."org_id" left join "orgs" "groups" on "groups"."id" = "members"."group_id" where (("members"."org_path" >= $1::ltree and "members"."org_path" < $2::ltree) and ((member_search_tokens("members"."name", "members"."org_path") @> array[$3, $4]::text[] and "members"."name" ilike $5) and "members"."status" not in ('left', 'deceased') and "members"."gender" = $6)) order by "members"."org_path" asc, "members"."id" asc limit $7 offset $8;

-- count: exact, for a subtree small enough
select count(*)::int as n from "members" where (("members"."org_path" >= $1::ltree and "members"."org_path" < $2::ltree) and ((member_search_tokens("members"."name", "members"."org_path") @> array[$3, $4]::text[] and "members"."name" ilike $5) and "members"."status" not in ('left', 'deceased') and "members"."gender" = $6));

-- walk: the capped count's first pass, the subtree's first rows in tree order
select count(*)::int as scanned, (count(*) filter (where x.hit))::int as matched
      from (select (((member_search_tokens("members"."name", "members"."org_path") @> array[$1, $2]::text[] and "members"."name" ilike $3) and "members"."status" not in ('left', 'deceased') and "members"."gender" = $4)) as hit from "members" where ("members"."org_path" >= $5::ltree and "members"."org_path" < $6::ltree)
            order by "members"."org_path", "members"."id" limit $7) x;

-- cappedCount: the capped count's planner pass
select count(*)::int as n from (select 1 from "members" where (("members"."org_path" >= $1::ltree and "members"."org_path" < $2::ltree) and ((member_search_tokens("members"."name", "members"."org_path") @> array[$3, $4]::text[] and "members"."name" ilike $5) and "members"."status" not in ('left', 'deceased') and "members"."gender" = $6))
      order by "members"."org_path", "members"."id" limit $7) x;

-- estimate: past the cap, the planner's row count
explain (format json) select 1 from "members" where (("members"."org_path" >= $1::ltree and "members"."org_path" < $2::ltree) and ((member_search_tokens("members"."name", "members"."org_path") @> array[$3, $4]::text[] and "members"."name" ilike $5) and "members"."status" not in ('left', 'deceased') and "members"."gender" = $6));
