/**
 * The demo's hours (issue #20, decision 0046), after the learning seed:
 * - Online study: only a member with an account can study online, and the demo issued accounts in
 *   the demo branch (accounts seed): their year of study is sessions (one per study, ended, with
 *   what it credited and the point reached) and the ledger's rows (member, item, day); the heartbeats
 *   themselves only for the last two weeks (a session's beats every 30 s, a hidden stretch now and
 *   then), so the trace of a recent credit can be opened without storing a year of beats. Some
 *   members study often, some rarely (behind), some never.
 * - Anomalies for the points module's scan: two members whose superseded session kept beating
 *   from another device while the new one ran, and two who studied between 00:00 and 05:00.
 * - External study across the city, drawn so that the year looks like one as of early December:
 *   most branches have 75–95 % of their members at the target (32 学时, 56 for leaders), about one
 *   in eight is clearly behind (30–50 %), a few imported nothing; districts differ a little. A
 *   member's 学习强国 records (imported by the branch monthly or quarterly, approved by its
 *   secretary's account or the city's admin) and a leader's 党校 certificate make up what classes
 *   and online study leave short of the year drawn for them. A few pending in the demo branch,
 *   submitted by the members themselves.
 * - Then `recomputeCredits` for every member: class credits from the learning seed's attendance,
 *   external credits, and the progress rows.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { addDays, daysBetween, type IsoDate } from '../../src/domain/common/dates.js';
import { queryRows, type Tx } from '../../src/server/db/client.js';
import {
  externalStudy,
  learningCredits,
  studyBeats,
  studySessions,
} from '../../src/server/db/schema/index.js';
import { recomputeCredits } from '../../src/server/modules/hours/index.js';
import { loadRules } from '../../src/server/modules/settings/rules.js';
import { bulkInsert } from './bulk.js';
import { Rng } from './prng.js';

export interface SeedHoursOptions {
  today: string;
  seed: number;
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
/** A Shanghai wall-clock time of a day as an instant. */
const at = (day: IsoDate, hour: number, minute = 0, second = 0) =>
  new Date(Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10), hour - 8, minute, second));

const BEAT = 30;
const BEAT_DAYS = 14;
const DAILY_CAP = 180 * 60;

const TITLES_XUEXI = [
  '学习强国：党的二十大精神专题',
  '学习强国：《习近平谈治国理政》第四卷导读',
  '学习强国：党史故事100讲',
  '学习强国：新时代基层治理系列微课',
  '学习强国：每日答题与文章学习',
];
const TITLES_SCHOOL = ['区委党校党员轮训', '市委党校专题讲座', '街道党工委理论学习班'];

export async function seedHours(tx: Tx, opts: SeedHoursOptions): Promise<void> {
  const rng = new Rng(opts.seed ^ 0x5eed_0046);
  const today = opts.today as IsoDate;
  const year = Number(today.slice(0, 4));
  const yearStart = `${year}-01-01` as IsoDate;

  const learners = await queryRows(
    tx,
    sql`select m.id, u.id as "userId", m.org_id as "orgId", m.org_path::text as "orgPath", u.username
      from users u join members m on m.id = u.member_id
      where m.status not in ('left', 'deceased') and u.member_id is not null
      order by m.id`,
    z.object({
      id: z.number(),
      userId: z.number(),
      orgId: z.number(),
      orgPath: z.string(),
      username: z.string(),
    }),
  );
  const items = await queryRows(
    tx,
    sql`select id, kind, length_seconds as "lengthSeconds", org_path::text as "orgPath", publish_on::text as "publishOn"
      from learning_items where status = 'published' and audience ? 'all' order by id`,
    z.object({
      id: z.number(),
      kind: z.string(),
      lengthSeconds: z.number(),
      orgPath: z.string(),
      publishOn: z.string(),
    }),
  );

  // ---- online study of the members with accounts ----------------------------------------------
  type Session = typeof studySessions.$inferInsert & { id: number };
  const sessions: Session[] = [];
  const beats: (typeof studyBeats.$inferInsert)[] = [];
  const credits = new Map<string, typeof learningCredits.$inferInsert>();
  const [{ next }] = await queryRows(
    tx,
    sql`select coalesce(max(id), 0)::int + 1 as next from study_sessions`,
    z.object({ next: z.number() }),
  );
  let nextId = next;
  const credit = (m: (typeof learners)[number], itemId: number, day: IsoDate, seconds: number) => {
    const key = `${m.id}|${itemId}|${day}`;
    const row = credits.get(key);
    if (row) row.seconds = (row.seconds ?? 0) + seconds;
    else {
      credits.set(key, {
        memberId: m.id,
        orgId: m.orgId,
        orgPath: m.orgPath,
        year: Number(day.slice(0, 4)),
        creditedOn: day,
        source: 'online',
        sourceId: itemId,
        seconds,
      });
    }
  };
  /** The beats of a session: every 30 s from its start, a hidden stretch now and then. */
  const beatsOf = (s: Session, media: boolean, seconds: number, hiddenAt: number | null) => {
    const start = (s.startedAt as Date).getTime();
    let pos = s.position ?? 0;
    let credited = 0;
    let seq = 0;
    for (let t = BEAT; credited < seconds; t += BEAT) {
      const hidden = hiddenAt !== null && seq >= hiddenAt && seq < hiddenAt + 2;
      const gets = hidden ? 0 : Math.min(BEAT, seconds - credited);
      if (!hidden && media) pos += gets;
      beats.push({
        sessionId: s.id,
        seq,
        at: new Date(start + t * 1000),
        position: media ? pos : 0,
        visible: !hidden,
        playing: media ? !hidden : false,
        creditedSeconds: gets,
        verdict: hidden ? 'hidden' : 'credited',
      });
      credited += gets;
      seq++;
    }
    s.nextSeq = seq;
    s.lastBeatAt = new Date(start + (seq * BEAT + 5) * 1000);
  };

  for (const m of learners) {
    // The demo account `member` has read the texts but left the video and the audio for whoever
    // tries the demo (and the browser journey, which studies the video from the start).
    const visible = items.filter(
      (i) =>
        (m.orgPath === i.orgPath || m.orgPath.startsWith(`${i.orgPath}.`)) &&
        !(m.username === 'member' && (i.kind === 'video' || i.kind === 'audio')),
    );
    if (!visible.length) continue;
    // How often the member studies: most now and then, a few often, some rarely (behind), a few never.
    const habit = rng.weighted([
      [0.3, 5],
      [0.15, 3],
      [0.05, 2],
      [0, 1],
    ] as const);
    if (habit === 0) continue;
    const done = new Map<number, number>();
    const reached = new Map<number, number>();
    const device = sha(`demo-device:${m.id}:${rng.int(1, 2)}`);
    for (let day = yearStart; day < today; day = addDays(day, 1)) {
      if (!rng.chance(habit)) continue;
      const open = visible.filter((i) => i.publishOn <= day && (done.get(i.id) ?? 0) < i.lengthSeconds);
      if (!open.length) continue;
      const item = rng.pick(open);
      const left = item.lengthSeconds - (done.get(item.id) ?? 0);
      const seconds = Math.min(left, DAILY_CAP, rng.int(8, 40) * 60);
      const media = item.kind === 'video' || item.kind === 'audio';
      const start = at(day, rng.pick([7, 12, 19, 20, 21]), rng.int(0, 59), rng.int(0, 59));
      const s: Session = {
        id: nextId++,
        tokenHash: sha(`demo-session:${m.id}:${day}:${item.id}:${rng.next()}`),
        memberId: m.id,
        itemId: item.id,
        userId: m.userId,
        deviceHash: device,
        startedAt: start,
        lastBeatAt: new Date(start.getTime() + (seconds + 5) * 1000),
        nextSeq: Math.ceil(seconds / BEAT),
        position: media ? (reached.get(item.id) ?? 0) : 0,
        reached: media ? Math.min(item.lengthSeconds, (reached.get(item.id) ?? 0) + seconds) : 0,
        creditedSeconds: seconds,
        status: 'ended',
        endedAt: new Date(start.getTime() + (seconds + 10) * 1000),
      };
      if (day >= addDays(today, -BEAT_DAYS))
        beatsOf(s, media, seconds, rng.chance(0.3) ? rng.int(2, 8) : null);
      sessions.push(s);
      done.set(item.id, (done.get(item.id) ?? 0) + seconds);
      if (media) reached.set(item.id, s.reached ?? 0);
      credit(m, item.id, day, seconds);
    }
  }

  // ---- anomalies: two devices at once; study at implausible hours -------------------------------
  const recent = learners.filter((m) =>
    items.some((i) => m.orgPath.startsWith(`${i.orgPath}.`) || m.orgPath === i.orgPath),
  );
  const odd = rng.sample(recent, Math.min(4, recent.length));
  for (const [k, m] of odd.entries()) {
    // The longest item the member may see (a half-hour of study fits in it).
    const item = items
      .filter((i) => m.orgPath === i.orgPath || m.orgPath.startsWith(`${i.orgPath}.`))
      .sort((a, b) => b.lengthSeconds - a.lengthSeconds)[0];
    if (!item) continue;
    const day = addDays(today, -(3 + k * 2));
    const media = item.kind === 'video' || item.kind === 'audio';
    if (k < 2) {
      // A session on the phone, taken over by a second device ten minutes in; the first kept
      // beating (a second browser left playing, or a forged client): superseded beats, no credit.
      const start = at(day, 20, 5);
      const first: Session = {
        id: nextId++,
        tokenHash: sha(`demo-two-devices:${m.id}:a`),
        memberId: m.id,
        itemId: item.id,
        userId: m.userId,
        deviceHash: sha(`demo-device:${m.id}:phone`),
        startedAt: start,
        lastBeatAt: start,
        position: 0,
        reached: 0,
        creditedSeconds: 0,
        status: 'superseded',
        endedAt: new Date(start.getTime() + 600_000),
      };
      const second: Session = {
        id: nextId++,
        tokenHash: sha(`demo-two-devices:${m.id}:b`),
        memberId: m.id,
        itemId: item.id,
        userId: m.userId,
        deviceHash: sha(`demo-device:${m.id}:other-computer`),
        startedAt: new Date(start.getTime() + 600_000),
        lastBeatAt: start,
        position: 0,
        reached: 0,
        creditedSeconds: 0,
        status: 'ended',
        endedAt: new Date(start.getTime() + 1_800_000),
      };
      beatsOf(first, media, 600, null);
      first.supersededBy = second.id;
      for (let i = 0; i < 8; i++) {
        beats.push({
          sessionId: first.id,
          seq: (first.nextSeq ?? 0) + i,
          at: new Date(start.getTime() + 600_000 + (i + 1) * BEAT * 1000),
          position: 600 + (i + 1) * BEAT,
          visible: true,
          playing: true,
          creditedSeconds: 0,
          verdict: 'superseded',
        });
      }
      first.nextSeq = (first.nextSeq ?? 0) + 8;
      first.creditedSeconds = 600;
      first.reached = media ? 600 : 0;
      beatsOf(second, media, 900, null);
      second.creditedSeconds = 900;
      sessions.push(first, second);
      credit(m, item.id, day, 1500);
    } else {
      // Studied from 01:30 at night (the odd-hours rule: 00:00–05:00).
      const start = at(day, 1, 30);
      const s: Session = {
        id: nextId++,
        tokenHash: sha(`demo-night:${m.id}`),
        memberId: m.id,
        itemId: item.id,
        userId: m.userId,
        deviceHash: sha(`demo-device:${m.id}:1`),
        startedAt: start,
        lastBeatAt: start,
        position: 0,
        reached: 0,
        creditedSeconds: 1200,
        status: 'ended',
        endedAt: new Date(start.getTime() + 1_300_000),
      };
      beatsOf(s, media, 1200, null);
      s.reached = media ? 1200 : 0;
      sessions.push(s);
      credit(m, item.id, day, 1200);
    }
  }
  // The per-item cap holds in the demo too: no member is credited past an item's length.
  const length = new Map(items.map((i) => [i.id, i.lengthSeconds]));
  const perItem = new Map<string, number>();
  for (const c of credits.values()) {
    const key = `${c.memberId}|${c.sourceId}`;
    const cap = length.get(c.sourceId) ?? 0;
    const before = perItem.get(key) ?? 0;
    c.seconds = Math.max(0, Math.min(c.seconds ?? 0, cap - before));
    perItem.set(key, before + c.seconds);
  }

  await bulkInsert(tx, studySessions, sessions, { overriding: true });
  await bulkInsert(tx, studyBeats, beats, { chunk: 5000 });
  await bulkInsert(
    tx,
    learningCredits,
    [...credits.values()].filter((c) => (c.seconds ?? 0) > 0),
  );
  await tx.execute(
    sql`select setval(pg_get_serial_sequence('study_sessions', 'id'), greatest((select max(id) from study_sessions), 1))`,
  );

  // ---- external study across the city ------------------------------------------------------------
  // Most members have no account: besides classes, their hours are the 学习强国 records their branch
  // imports (monthly in some branches, quarterly in most: the fourth quarter is not in yet) and, for
  // leaders, a 党校 certificate. The year is drawn backwards from how each branch is doing: most
  // branches have 75–95 % of their members at the target, about one in eight is clearly behind
  // (30–50 %), a few imported nothing at all; districts differ a little. A member's records make up
  // what classes and online study leave short of the total drawn for them.
  const rules = await loadRules(tx);
  const unit = rules['learning.minutesPerHour'] * 60;
  const memberTarget = rules['learning.memberYearlyHours'] * unit;
  const leaderTarget = rules['learning.leaderYearlyHours'] * unit;
  const [admin] = await queryRows(
    tx,
    sql`select id from users where username = 'admin'`,
    z.object({ id: z.number() }),
  );
  const everyone = await queryRows(
    tx,
    sql`select m.id, m.org_id as "orgId", m.org_path::text as "orgPath", m.joined_on::text as "joinedOn",
        exists (select 1 from committee_members c where c.member_id = m.id and c.started_on <= ${today}::date
          and (c.ended_on is null or c.ended_on > ${yearStart}::date)) as leader
      from members m where m.status not in ('left', 'deceased') order by m.id`,
    z.object({
      id: z.number(),
      orgId: z.number(),
      orgPath: z.string(),
      joinedOn: z.string(),
      leader: z.boolean(),
    }),
  );
  // What classes credit this year (the learning seed's attendance, judged as the hours module does).
  const classSeconds = new Map(
    (
      await queryRows(
        tx,
        sql`select r.member_id as id, sum(c.credit_seconds)::int as seconds
          from learning_class_roster r join learning_classes c on c.id = r.class_id
          where c.status <> 'cancelled' and c.ends_on between ${yearStart}::date and ${`${year}-12-31`}::date
            and (select count(*) from learning_class_attendance a where a.class_id = c.id and a.member_id = r.member_id
                 and a.day between c.starts_on and c.ends_on)
              >= greatest(1, ceil((c.ends_on - c.starts_on + 1) * c.completion_percent / 100.0))
          group by 1`,
        z.object({ id: z.number(), seconds: z.number() }),
      )
    ).map((r) => [r.id, r.seconds]),
  );
  const onlineSeconds = new Map<number, number>();
  for (const c of credits.values())
    onlineSeconds.set(c.memberId, (onlineSeconds.get(c.memberId) ?? 0) + (c.seconds ?? 0));
  // Who approves a branch's records: its secretary's account where it has one, else the city's admin.
  const approverOf = new Map(
    (
      await queryRows(
        tx,
        sql`select distinct on (ra.org_id) ra.org_id as "orgId", ra.user_id as "userId"
          from role_assignments ra where ra.role = 'secretary' order by ra.org_id, ra.user_id`,
        z.object({ orgId: z.number(), userId: z.number() }),
      )
    ).map((r) => [r.orgId, r.userId]),
  );
  const homeOrg = learners.find((m) => m.username === 'member')?.orgId;

  interface Branch {
    silent: boolean;
    monthly: boolean;
  }
  const districtOf = (orgPath: string) => orgPath.split('.').slice(0, 2).join('.');
  const districts = new Map<string, { offset: number; behindShare: number }>();
  const branches = new Map<number, Branch>();
  const membersOf = new Map<number, number[]>();
  for (const m of everyone) {
    const list = membersOf.get(m.orgId);
    if (list) list.push(m.id);
    else membersOf.set(m.orgId, [m.id]);
  }
  // Who is at the target: the branch's share of its members exactly (a branch of six at 80 % has
  // five), so small branches show their branch's standing rather than chance.
  const metting = new Set<number>();
  for (const m of everyone) {
    if (branches.has(m.orgId)) continue;
    const dk = districtOf(m.orgPath);
    if (!districts.has(dk))
      districts.set(dk, { offset: rng.int(-6, 4) / 100, behindShare: rng.int(5, 18) / 100 });
    const d = districts.get(dk) as { offset: number; behindShare: number };
    const home = m.orgId === homeOrg;
    const silent = !home && rng.chance(0.03);
    const behind = !home && !silent && rng.chance(d.behindShare);
    const metShare = behind
      ? rng.int(30, 50) / 100
      : Math.max(0.65, Math.min(0.97, rng.int(78, 96) / 100 + d.offset));
    branches.set(m.orgId, { silent, monthly: rng.chance(0.3) });
    const list = membersOf.get(m.orgId) as number[];
    for (const id of rng.sample(list, Math.round(list.length * metShare))) metting.add(id);
  }
  // The import periods closed by today: months (imported early in the next) or quarters.
  const thisMonth = Number(today.slice(5, 7));
  const monthEnd = (month: number) =>
    addDays(`${year}-${String(month + 1).padStart(2, '0')}-01` as IsoDate, -1);
  const months = Array.from({ length: thisMonth - 1 }, (_, k) => ({
    label: `${year}年${k + 1}月`,
    end: monthEnd(k + 1),
  }));
  const quarters = [1, 2, 3, 4]
    .filter((q) => q * 3 < thisMonth)
    .map((q) => ({ label: `${year}年第${['一', '二', '三', '四'][q - 1]}季度`, end: monthEnd(q * 3) }));
  const dayBefore = addDays(today, -1);
  const noon = (day: IsoDate, hour: number) => at(day < today ? day : dayBefore, hour, rng.int(0, 59));

  const external: (typeof externalStudy.$inferInsert)[] = [];
  for (const m of everyone) {
    const b = branches.get(m.orgId) as Branch;
    if (b.silent) continue;
    const target = m.leader ? leaderTarget : memberTarget;
    // Met, short of it (behind), or nothing at all (a few of those who are not at the target).
    const met = metting.has(m.id);
    if (!met && rng.chance(0.12)) continue;
    const total = Math.round((target * (met ? rng.int(102, 140) : rng.int(25, 88))) / 100);
    let left = total - (classSeconds.get(m.id) ?? 0) - (onlineSeconds.get(m.id) ?? 0);
    if (left <= 0) continue;
    const approver = approverOf.get(m.orgId) ?? admin?.id ?? null;
    // A leader's 党校 certificate: a few days of the district's or the city's school.
    if (m.leader && left >= 8 * unit && rng.chance(0.5)) {
      const studiedOn = addDays(yearStart, rng.int(30, Math.max(31, daysBetween(yearStart, today) - 10)));
      if (studiedOn >= m.joinedOn && studiedOn < today) {
        const seconds = Math.min(left, rng.int(4, 8) * unit);
        external.push({
          memberId: m.id,
          orgId: m.orgId,
          orgPath: m.orgPath,
          source: 'school',
          title: rng.pick(TITLES_SCHOOL),
          studiedOn,
          seconds,
          status: 'approved',
          submittedBy: approver,
          submittedAt: noon(addDays(studiedOn, rng.int(1, 5)), 10),
          decidedBy: approver,
          decidedAt: noon(addDays(studiedOn, rng.int(6, 9)), 15),
          decisionNote: '已核对结业证书',
        });
        left -= seconds;
      }
    }
    const periods = (b.monthly ? months : quarters).filter((p) => p.end >= m.joinedOn);
    if (!periods.length || left <= 0) continue;
    const weights = periods.map(() => rng.int(5, 15));
    const sum = weights.reduce((a, w) => a + w, 0);
    for (const [k, p] of periods.entries()) {
      // Whole minutes, rounded up: the records add up to at least what the member is short.
      const seconds = Math.ceil((left * weights[k]) / sum / 60) * 60;
      const imported = addDays(p.end, rng.int(3, 8));
      external.push({
        memberId: m.id,
        orgId: m.orgId,
        orgPath: m.orgPath,
        source: 'xuexi',
        title: `学习强国：${p.label}学习时长`,
        studiedOn: p.end,
        seconds,
        status: 'approved',
        submittedBy: approver,
        submittedAt: noon(imported, 9),
        decidedBy: approver,
        decidedAt: noon(addDays(imported, 1), 16),
        decisionNote: '已核对学习强国导出的学习记录',
      });
    }
  }
  // Pending in the demo branch: submitted by members with accounts, for the secretary to decide.
  for (const m of rng.sample(learners, Math.min(3, learners.length))) {
    const studiedOn = addDays(today, -rng.int(1, 6));
    external.push({
      memberId: m.id,
      orgId: m.orgId,
      orgPath: m.orgPath,
      source: 'xuexi',
      title: rng.pick(TITLES_XUEXI),
      studiedOn,
      seconds: rng.int(3, 9) * 10 * 60,
      status: 'pending',
      submittedBy: m.userId,
      submittedAt: at(studiedOn, 21),
      decidedBy: null,
      decidedAt: null,
      decisionNote: null,
    });
  }
  await bulkInsert(tx, externalStudy, external);

  // ---- class and external credits, and every member's progress rows ----------------------------
  // In slices: a recomputation inserts its missing credits in one statement (five parameters a row).
  for (let i = 0; i < everyone.length; i += 500)
    await recomputeCredits(
      tx,
      everyone.slice(i, i + 500).map((m) => m.id),
    );
}
