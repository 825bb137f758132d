-- Issue #16 item 8: a meeting's title that the secretary did not type follows its kind and date.
-- Since then the server writes such titles from `defaultMeetingTitle` (src/domain/orglife/titles.ts)
-- on every save; records saved before could hold the default of another kind or month (a 主题党日
-- first started as 支部党员大会 kept "2026年12月支部党员大会"). The app shows the right title already;
-- this brings the stored value (read by exports and reports) in line. The shape is the marker, as in
-- `isDefaultMeetingTitle`: a year, a month 1-12 and a meeting kind's label; a typed title is untouched.
-- Idempotent: a second run finds every default already equal to its own.
UPDATE "meetings" AS m SET "title" = d.title
FROM (
  SELECT "id", extract(year from "held_on")::int || '年' || extract(month from "held_on")::int || '月' ||
    CASE "kind"
      WHEN 'general_meeting' THEN '支部党员大会'
      WHEN 'committee_meeting' THEN '支部委员会会议'
      WHEN 'group_meeting' THEN '党小组会'
      WHEN 'party_lecture' THEN '党课'
      WHEN 'theme_day' THEN '主题党日'
      WHEN 'life_meeting' THEN '组织生活会'
      WHEN 'member_review' THEN '民主评议党员'
      WHEN 'heart_talk' THEN '谈心谈话'
    END AS title
  FROM "meetings"
  WHERE "title" ~ '^[0-9]{4}年([1-9]|1[0-2])月(支部党员大会|支部委员会会议|党小组会|党课|主题党日|组织生活会|民主评议党员|谈心谈话)$'
) AS d
WHERE m."id" = d."id" AND d.title IS NOT NULL AND m."title" <> d.title;
