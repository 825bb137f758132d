/**
 * Meetings planned in the coming days (issue #19, 我的): the demo member's branch and a few others
 * have 1–3 drafts dated ahead, with time, place and agenda, and the attendance grid the meetings
 * module would give them (the org's members on that day, everyone absent until marked), so that a
 * member's home shows "the next meeting" with 参加 / 请假. In the demo member's branch two other
 * members have answered already: one asked for leave (their row pre-filled as excused, as the
 * member app does), one will attend.
 *
 * The demo secretary's branch keeps what orglife.ts leaves it to record (this quarter's 党员大会,
 * this month's 主题党日): it gets a 党课 and, when the demo member sits in a party group, a 党小组会.
 * Branches with an exemption are left alone (an exempt period has no meetings). Deterministic in
 * `seed` and `today`.
 *
 * Members of the demo have no accounts of their own (the accounts batch makes them); the two seeded
 * answers are recorded under the secretary's account, as answers given to the secretary by phone.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { addDays, type IsoDate } from '../../src/domain/common/dates.js';
import { meetingTitle } from '../../src/domain/orglife/titles.js';
import { type DbOrTx, queryRows } from '../../src/server/db/client.js';
import { meetingAttendance, meetingResponses, meetings } from '../../src/server/db/schema/index.js';
import { membersOn } from '../../src/server/modules/meetings/index.js';
import type { RecordedMeetingKind } from '../../src/shared/contracts/meetings.js';
import { Rng } from './prng.js';

export interface SeedUpcomingResult {
  meetings: number;
  attendance: number;
  responses: number;
}

const PLACES = ['党员活动室', '党群服务中心二楼会议室', '社区议事厅', '村委会会议室', '单位三楼小会议室'];
const TIMES = ['09:00', '14:30', '19:00'];
const TOPICS = ['学习贯彻党的二十届四中全会精神', '以党建引领基层治理', '严守纪律规矩，永葆政治本色'];
const AGENDA: Record<string, string> = {
  party_lecture: '一、书记讲党课\n二、交流学习体会\n三、布置近期学习任务',
  group_meeting: '一、学习上级文件精神\n二、党员汇报思想和工作情况\n三、讨论本组下阶段工作',
  theme_day: '一、重温入党誓词\n二、集中学习\n三、志愿服务活动',
  general_meeting: '一、传达上级会议精神\n二、讨论年度工作\n三、其他事项',
};

const branchRow = z.object({
  id: z.number(),
  path: z.string(),
  secretaryId: z.number().nullable(),
  secretaryName: z.string().nullable(),
  groupId: z.number().nullable(),
});

interface Plan {
  org: z.infer<typeof branchRow>;
  kind: RecordedMeetingKind;
  groupId: number | null;
  heldOn: IsoDate;
  time: string;
}

/** The instant of a Shanghai wall-clock time (no daylight saving since 1991: a fixed +08:00). */
const at = (day: string, time: string) => new Date(`${day}T${time}:00+08:00`);
const plus = (time: string, hours: number) =>
  `${String(Number(time.slice(0, 2)) + hours).padStart(2, '0')}${time.slice(2)}`;

export async function seedUpcoming(
  tx: DbOrTx,
  opts: { today: IsoDate; seed: number },
): Promise<SeedUpcomingResult> {
  const rng = new Rng(opts.seed ^ 0x00c0e1);
  const [who] = await queryRows(
    tx,
    sql`select s.id as "secretaryUser", r.org_id as "homeId", mu.member_id as "memberId", m.group_id as "groupId"
      from users s join role_assignments r on r.user_id = s.id and r.role = 'secretary'
      cross join users mu left join members m on m.id = mu.member_id
      where s.username = 'secretary' and mu.username = 'member'`,
    z.object({
      secretaryUser: z.number(),
      homeId: z.number(),
      memberId: z.number().nullable(),
      groupId: z.number().nullable(),
    }),
  );
  if (!who) return { meetings: 0, attendance: 0, responses: 0 };

  // Active branches with a secretary in office and enough members, none under an exemption.
  const branches = await queryRows(
    tx,
    sql`select o.id, o.path::text as path, c.member_id as "secretaryId", sm.name as "secretaryName",
        (select g.id from orgs g where g.parent_id = o.id and g.kind = 'group' and g.status = 'active'
          and exists (select 1 from members gm where gm.group_id = g.id and gm.status = 'active')
          order by g.id limit 1) as "groupId"
      from orgs o
      left join lateral (select member_id from committee_members cm where cm.org_id = o.id and cm.role = 'secretary'
          and cm.started_on <= ${opts.today}::date and (cm.ended_on is null or cm.ended_on > ${opts.today}::date)
          order by cm.started_on desc limit 1) c on true
      left join members sm on sm.id = c.member_id
      where o.kind in ('branch', 'joint_branch') and o.status = 'active'
        and not exists (select 1 from orglife_exemptions e where e.org_id = o.id)
        and (select count(*) from members m where m.org_id = o.id and m.status = 'active') >= 5
      order by o.id`,
    branchRow,
  );
  const home = branches.find((b) => b.id === who.homeId);
  const plans: Plan[] = [];
  if (home) {
    plans.push({
      org: home,
      kind: 'party_lecture',
      groupId: null,
      heldOn: addDays(opts.today, 4),
      time: '19:00',
    });
    if (who.groupId) {
      plans.push({
        org: home,
        kind: 'group_meeting',
        groupId: who.groupId,
        heldOn: addDays(opts.today, 9),
        time: '14:30',
      });
    }
  }
  for (const org of rng.sample(
    branches.filter((b) => b.id !== who.homeId && b.secretaryId !== null),
    8,
  )) {
    const kinds = rng.sample<RecordedMeetingKind>(
      org.groupId ? ['theme_day', 'party_lecture', 'group_meeting'] : ['theme_day', 'party_lecture'],
      rng.int(1, 3),
    );
    for (const kind of kinds) {
      plans.push({
        org,
        kind,
        groupId: kind === 'group_meeting' ? org.groupId : null,
        heldOn: addDays(opts.today, rng.int(2, 20)),
        time: rng.pick(TIMES),
      });
    }
  }

  let attendance = 0;
  let responses = 0;
  for (const p of plans) {
    const lecture = p.kind === 'party_lecture';
    const [row] = await tx
      .insert(meetings)
      .values({
        orgId: p.org.id,
        orgPath: p.org.path,
        kind: p.kind,
        groupId: p.groupId,
        title: meetingTitle(null, p.kind, p.heldOn),
        heldOn: p.heldOn,
        startsAt: at(p.heldOn, p.time),
        endsAt: at(p.heldOn, plus(p.time, 2)),
        place: rng.pick(PLACES),
        hostName: p.org.secretaryName ?? '支部书记',
        recorderName: '',
        lecturerMemberId: lecture ? p.org.secretaryId : null,
        lecturerName: lecture ? (p.org.secretaryName ?? '支部书记') : null,
        bySecretary: lecture && p.org.secretaryId !== null,
        topic: lecture ? rng.pick(TOPICS) : null,
        agenda: AGENDA[p.kind] ?? '',
        status: 'draft',
        createdBy: p.org.id === who.homeId ? who.secretaryUser : null,
        createdAt: at(addDays(opts.today, -rng.int(1, 3)), '10:00'),
      })
      .returning({ id: meetings.id });
    // The grid as the meetings module makes it: the org's (or group's) members on the day, absent.
    const people = await membersOn(tx, p.org.id, p.heldOn, p.groupId ?? undefined);
    if (!people.length) continue;
    const rows = people.map((x) => ({
      meetingId: row.id,
      memberId: x.memberId,
      category: x.category,
      attendance: 'absent',
      reason: null as string | null,
    }));
    // Two members of the demo member's branch have answered the lecture already.
    if (p.org.id === who.homeId && lecture) {
      const others = rows.filter((r) => r.memberId !== who.memberId && r.memberId !== p.org.secretaryId);
      const [leave, attend] = rng.sample(others, 2);
      const answers = [
        ...(leave
          ? [{ r: leave, response: 'leave', reason: rng.pick(['因公出差', '生病', '家中有事']) }]
          : []),
        ...(attend ? [{ r: attend, response: 'attend', reason: null }] : []),
      ];
      for (const a of answers) {
        if (a.reason) {
          a.r.attendance = 'excused';
          a.r.reason = a.reason;
        }
        await tx.insert(meetingResponses).values({
          meetingId: row.id,
          memberId: a.r.memberId,
          response: a.response,
          reason: a.reason,
          userId: who.secretaryUser,
          respondedAt: at(addDays(opts.today, -1), '20:15'),
        });
        responses += 1;
      }
    }
    await tx.insert(meetingAttendance).values(rows);
    attendance += rows.length;
  }
  return { meetings: plans.length, attendance, responses };
}
