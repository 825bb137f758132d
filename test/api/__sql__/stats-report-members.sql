-- touchedMembers: every member ever placed in the tree
select distinct member_id as id from member_events
      where org_id = any($1::int[]) and occurred_on <= $2;

-- registerEvents: their history up to the last day
select e.id, e.member_id as "memberId", e.kind, e.occurred_on::text as "occurredOn", e.org_id as "orgId",
        e.data->>'status' as status, e.data->>'category' as category, e.data->>'leaveReason' as "leaveReason"
      from member_events e
      where e.member_id = any($1::int[]) and e.occurred_on <= $2
      order by e.member_id, e.occurred_on, e.id;

-- memberFacts: their fixed facts
select m.id, m.gender, m.ethnicity, m.birth_date::text as "birthDate", m.education,
        m.joined_on::text as "joinedOn"
      from members m where m.id = any($1::int[]);
