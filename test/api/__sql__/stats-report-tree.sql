-- tree: the subtree as it stood on the last day
with recursive tree as (
    select v.org_id as id, v.parent_id, v.name, v.kind, v.status, 0 as depth
    from org_versions v
    where v.org_id = $1 and v.valid_from <= $2 and (v.valid_to is null or v.valid_to > $3)
    union all
    select v.org_id, v.parent_id, v.name, v.kind, v.status, t.depth + 1
    from org_versions v join tree t on v.parent_id = t.id
    where v.valid_from <= $4 and (v.valid_to is null or v.valid_to > $5)
  )
    select t.id, t.parent_id as "parentId", t.name, t.kind, t.status, o.sector, t.depth,
      (select min(f.valid_from)::text from org_versions f where f.org_id = t.id) as "firstFrom"
    from tree t join orgs o on o.id = t.id
    order by t.depth, o.sort_order, t.id;

-- versionChanges: creations, dissolutions and moves inside the period
select v.org_id as "orgId", v.change, v.valid_from::text as "validFrom", v.kind
    from org_versions v
    where v.org_id = any($1::int[]) and v.valid_from >= $2 and v.valid_from <= $3
    order by v.valid_from, v.id;
