-- cases: opened by the last day
select c.org_id as "orgId", c.gender, c.applied_on::text as "appliedOn", c.activist_on::text as "activistOn",
      c.candidate_on::text as "candidateOn", c.admitted_on::text as "admittedOn", c.closed_on::text as "closedOn", c.status
    from development_cases c
    where c.org_id = any($1::int[]) and c.applied_on <= $2;
