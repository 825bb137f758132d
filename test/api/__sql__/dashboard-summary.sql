-- children: active direct children in the scope
select id, name, kind, path::text as path from orgs
      where parent_id = $1 and status = 'active' and path <@ array[$2]::ltree[]
      order by sort_order, id;

-- counts: every non-zero rollup of the org
select org_id as "orgId", dim, key, n::float8 as n from subtree_counts where org_id = $1 and n <> 0;

-- childFigures: the comparison figures of each child
select s.org_id as "orgId", coalesce(sum(s.n) filter (where s.dim = 'm' and s.key = 'total'), 0)::float8 as total,
          coalesce(sum(s.n) filter (where s.dim = 'm.category' and s.key = 'probationary'), 0)::float8 as probationary,
          coalesce(sum(s.n) filter (where s.dim = 'm.gender' and s.key = 'female'), 0)::float8 as female,
          coalesce(sum(s.n) filter (where s.dim = 'm.flag' and s.key = 'minority'), 0)::float8 as minorities,
          coalesce(sum(s.n) filter (where s.dim = 'm.flag' and s.key = 'college'), 0)::float8 as college,
          coalesce(sum(s.n) filter (where s.dim = 'm.ageBand' and s.key in ('le30', '31-35')), 0)::float8 as "upTo35",
          coalesce(sum(s.n) filter (where s.dim = 'o' and s.key = 'total'), 0)::float8 as orgs,
          coalesce(sum(s.n) filter (where s.dim = 'c.total'), 0)::float8 as units,
          coalesce(sum(s.n) filter (where s.dim = 'c.covered'), 0)::float8 as covered,
          coalesce(sum(s.n) filter (where s.dim = 'd.expected' and s.key between $1 and $2), 0)::float8 as "expectedFen",
          coalesce(sum(s.n) filter (where s.dim = 'd.paid' and s.key between $3 and $4), 0)::float8 as "paidFen",
          coalesce(sum(s.n) filter (where s.dim = 'cl.met' and left(s.key, 10) between $5 and $6), 0)::float8 as "complianceMet",
          coalesce(sum(s.n) filter (where s.dim = 'cl.open' and left(s.key, 10) between $7 and $8 and case split_part(s.dim, '.', 2) when 'open' then case
      when left(s.key, 10) < $9 then 'missed' when substr(s.key, 12, 10) <= $10 then 'due'
      else 'not_started' end else split_part(s.dim, '.', 2) end = 'missed'), 0)::float8 as "complianceMissed",
          coalesce(sum(s.n) filter (where s.dim = 'cl.open' and left(s.key, 10) between $11 and $12 and case split_part(s.dim, '.', 2) when 'open' then case
      when left(s.key, 10) < $13 then 'missed' when substr(s.key, 12, 10) <= $14 then 'due'
      else 'not_started' end else split_part(s.dim, '.', 2) end = 'due'), 0)::float8 as "complianceDue"
        from unnest($15::int[]) c(id)
        join subtree_counts s on s.org_id = c.id
        where s.dim in ('m', 'm.category', 'm.gender', 'm.flag', 'm.ageBand', 'o', 'c.total', 'c.covered',
  'd.expected', 'd.paid', 'cl.met', 'cl.open')
        group by s.org_id;

-- overdueCases: development cases overdue today
select count(*)::int as n from development_cases
      where org_path <@ $1::ltree and status = 'active' and next_due_on < $2::date;

-- dashboardReads: the org, its rollups, a page of children with their figures, in one statement
with o as (
          select id, name, kind, path from orgs where id = $1 and path <@ array[$2]::ltree[]
        ), kids as (
          select k.id, k.name, k.kind, k.path::text as path, k.sort_order
          from o join orgs k on k.parent_id = o.id and k.status = 'active'
        ), page as (
          select * from kids order by sort_order, id limit $3 offset $4
        ), figs as (
          select s.org_id, case s.dim
      when 'm' then case when s.key = 'total' then 'total' end
      when 'm.category' then case when s.key = 'probationary' then 'probationary' end
      when 'm.gender' then case when s.key = 'female' then 'female' end
      when 'm.flag' then case s.key when 'minority' then 'minorities' when 'college' then 'college' end
      when 'm.ageBand' then case when s.key in ('le30', '31-35') then 'upTo35' end
      when 'o' then case when s.key = 'total' then 'orgs' end
      when 'c.total' then 'units'
      when 'c.covered' then 'covered'
      when 'd.expected' then case when s.key between $5 and $6 then 'expectedFen' end
      when 'd.paid' then case when s.key between $7 and $8 then 'paidFen' end
      when 'cl.met' then case when left(s.key, 10) between $9 and $10 then 'complianceMet' end
      when 'cl.open' then case when left(s.key, 10) between $11 and $12 then case
        when left(s.key, 10) < $13 then 'complianceMissed'
        when substr(s.key, 12, 10) <= $14 then 'complianceDue' end end
    end as fig, sum(s.n)::float8 as n
          from page p join subtree_counts s on s.org_id = p.id
          where s.dim in ('m', 'm.category', 'm.gender', 'm.flag', 'm.ageBand', 'o', 'c.total', 'c.covered',
  'd.expected', 'd.paid', 'cl.met', 'cl.open')
          group by 1, 2
        )
        select
          (select json_build_object('id', id, 'name', name, 'kind', kind, 'path', path::text) from o) as org,
          (select json_agg(json_build_object('dim', s.dim, 'key', s.key, 'n', s.n::float8))
             from o join subtree_counts s on s.org_id = o.id where s.n <> 0 and s.dim not in ('clk.met', 'clk.exempt', 'clk.open')) as counts,
          (select count(*)::int from kids) as "childTotal",
          (select json_agg(to_jsonb(p) - 'sort_order' || coalesce((
               select jsonb_object_agg(f.fig, f.n) filter (where f.fig is not null)
               from figs f where f.org_id = p.id), '{}'::jsonb) order by p.sort_order, p.id)
             from page p) as children,
          (select count(*)::int from o join development_cases d on d.org_path <@ o.path
                   where d.status = 'active' and d.next_due_on < $15::date) as overdue,
          (select age_bands_on::text from rollup_state) as "bandsOn";
