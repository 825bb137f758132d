/**
 * A year of organizational life (组织生活) for the demo: 三会一课, 主题党日, 组织生活会, 民主评议党员 and
 * 谈心谈话 for every active branch, with attendance, votes, review statuses and a few exemptions, so
 * that the compliance heat map, the due list and the meeting pages have something true to show.
 *
 * It reads what the demo seed wrote (orgs, members and their register events, committees, users)
 * and writes meetings, attendance, heart talks and exemptions with a few bulk statements. Members
 * are taken as of each meeting day from `member_events` (joined before, not yet left, category then),
 * so a member admitted at a 党员大会 is first expected at the next meeting, and votes on admission
 * and confirmation sit on the 党员大会 held on the member's 入党 / 转正 date.
 *
 * Most branches comply at 85–98 %; a handful, chosen deterministically, are weak (they skip many
 * meetings and talk with only part of their members); the demo secretary's branch has a clean
 * history but has not yet held this quarter's 党员大会 nor this month's 主题党日, so a journey can
 * record them. Deterministic in `seed` and `today`.
 */
import { getTableName, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { addDays, addMonths, addYears, daysBetween, type IsoDate } from '../../src/domain/common/dates.js';
import { inPeriod, monthsBetweenKeys, type Period, periodOf } from '../../src/domain/orglife/periods.js';
import type { MeetingKind } from '../../src/domain/orglife/requirements.js';
import { quorumMet, votePasses } from '../../src/domain/orglife/votes.js';
import { type DbOrTx, queryRows } from '../../src/server/db/client.js';
import {
  heartTalks,
  type MeetingVote,
  meetingAttendance,
  meetings,
  orglifeExemptions,
} from '../../src/server/db/schema/index.js';
import { bulkInsert, inTurn } from './bulk.js';
import { personName } from './names.js';
import { Rng } from './prng.js';

export interface SeedOrgLifeOptions {
  /** The business date the history leads up to (YYYY-MM-DD). */
  today: IsoDate;
  seed?: number;
  /**
   * First month ('YYYY-MM') the compliance table judges (the rule orglife.trackingStartMonth). The
   * history starts 12 months before today, or at this month when that is earlier (at most 36 months
   * back: a deployment that started tracking longer ago moves the rule on), so that no judged
   * period lacks its records.
   */
  trackingStartMonth?: string;
}

export interface SeedOrgLifeResult {
  branches: number[];
  meetings: number;
  attendance: number;
  heartTalks: number;
  exemptions: number;
  votes: number;
  weak: { id: number; name: string }[];
  home: { id: number; name: string };
  fromMonth: string;
}

type Kind = Exclude<MeetingKind, 'heart_talk'>;
type Status = 'draft' | 'submitted' | 'reviewed' | 'returned';
type Attendance = 'present' | 'excused' | 'absent';

// Dates are raw `date` columns: both drivers give them as YYYY-MM-DD text (see db/client.ts).
const orgRow = z.object({
  id: z.number(),
  parentId: z.number().nullable(),
  path: z.string(),
  kind: z.string(),
  sector: z.string(),
  name: z.string(),
  shortName: z.string().nullable(),
  status: z.string(),
  foundedOn: z.string(),
});
type OrgRow = z.infer<typeof orgRow>;

const memberRow = z.object({
  id: z.number(),
  orgId: z.number(),
  groupId: z.number().nullable(),
  name: z.string(),
  birthDate: z.string(),
  category: z.string(),
  status: z.string(),
  joinedOn: z.string(),
  confirmedOn: z.string().nullable(),
});
type MemberRow = z.infer<typeof memberRow>;

/** A member's register state from one event on. */
interface Segment {
  from: IsoDate;
  orgId: number;
  status: string;
  category: string;
}

interface Attendee {
  member: MemberRow;
  category: 'full' | 'probationary';
  status: string;
}

interface Seat {
  memberId: number;
  role: string;
}

interface VoteSpec {
  /** What is voted on, as stored: 接收张三同志为中共预备党员. */
  subject: string;
  /** The agenda item: 讨论接收张三同志为中共预备党员. */
  item: string;
  /** Admission and confirmation did happen (the register says so): the vote must pass. */
  mustPass: boolean;
  /** More against and abstentions (a recommendation for an honour can fail). */
  contested?: boolean;
  /** What the meeting resolved when passed: 接收张三同志为中共预备党员，报上级党委审批. */
  decision: string;
}

interface Plan {
  kind: Kind;
  date: IsoDate;
  hour: number;
  minute: number;
  minutes: number;
  group?: OrgRow;
  title: string;
  topic?: string;
  lecturer?: { name: string; memberId: number | null; bySecretary: boolean };
  votes: VoteSpec[];
  /** A meeting still to come, recorded as a draft. */
  planned: boolean;
  /** For texts: the year a life meeting or review is about, the quarter of a general meeting. */
  year?: number;
  quarter?: number;
  theme?: string;
  offsite?: string;
}

/** Ids are written explicitly (with OVERRIDING SYSTEM VALUE) so attendance can refer to them. */
type MeetingInsert = typeof meetings.$inferInsert & { id: number };

/**
 * Attendance rows by column: 200,000 of them are written, and building an object per row (and
 * the JSON of its keys) costs more than the insert itself.
 */
class AttendanceColumns {
  readonly meetingId: number[] = [];
  readonly memberId: number[] = [];
  readonly category: string[] = [];
  readonly attendance: string[] = [];
  readonly reason: (string | null)[] = [];
  /** ISO instants with the +08:00 offset. */
  readonly checkedInAt: (string | null)[] = [];

  push(
    meetingId: number,
    memberId: number,
    category: string,
    attendance: Attendance,
    reason: string | null,
    checkedInAt: string | null,
  ) {
    this.meetingId.push(meetingId);
    this.memberId.push(memberId);
    this.category.push(category);
    this.attendance.push(attendance);
    this.reason.push(reason);
    this.checkedInAt.push(checkedInAt);
  }

  get length() {
    return this.meetingId.length;
  }
}

const DEFAULT_SEED = 20240626;
const QUARTER_NAMES = ['一', '二', '三', '四'];

// ---------------------------------------------------------------------------------------------
// Texts
// ---------------------------------------------------------------------------------------------

/** 主题党日 themes by month; {N} is the Party's anniversary that year. */
const THEMES: Record<number, string[]> = {
  1: ['新春走访慰问困难党员和老党员', '学习贯彻全国组织工作会议精神', '回顾总结上年工作，谋划新年任务'],
  2: ['新春安全隐患排查志愿服务', '“我为群众办实事”新春志愿服务', '学习贯彻中央一号文件精神'],
  3: ['学雷锋志愿服务', '学习贯彻全国两会精神', '义务植树，共建绿色家园'],
  4: ['清明祭英烈，缅怀革命先烈', '全民国家安全教育日主题学习', '参观兰州战役纪念馆，接受红色教育'],
  5: ['弘扬劳模精神、劳动精神、工匠精神', '“五四”青年党员座谈交流', '安全生产宣传进万家'],
  6: ['“安全生产月”主题宣讲', '重温入党誓词，迎接建党{N}周年', '禁毒宣传志愿服务'],
  7: ['庆祝中国共产党成立{N}周年', '重温入党誓词，坚定理想信念', '汛期安全隐患排查'],
  8: ['“八一”走访慰问退役军人', '防汛抗旱志愿服务', '学习《中国共产党纪律处分条例》'],
  9: ['全民国防教育日主题学习', '“我们的节日·中秋”邻里互助', '铸牢中华民族共同体意识主题学习'],
  10: [
    '喜迎国庆，开展爱国主义教育',
    '重阳节走访慰问老党员',
    '学习习近平总书记关于黄河流域生态保护的重要论述',
  ],
  11: ['消防安全宣传月志愿服务', '学习贯彻党的二十届四中全会精神', '冬季取暖安全入户宣传'],
  12: ['“国家宪法日”宪法学习宣传', '国家公祭日主题教育', '年度工作总结和组织生活会准备'],
};
const RURAL_THEMES = ['农村人居环境整治志愿服务', '秸秆禁烧和森林防火宣传', '观摩乡村振兴产业项目'];
const COMMUNITY_THEMES = ['文明城市创建志愿服务', '垃圾分类宣传进小区', '在职党员“双报到”服务社区'];
const OFFSITE: Record<number, string> = {
  4: '兰州战役纪念馆',
  7: '八路军兰州办事处纪念馆',
};

const LECTURE_TOPICS = [
  '学习贯彻党的二十届四中全会精神',
  '学习《中国共产党章程》，做合格党员',
  '加强党的纪律建设，严守政治纪律和政治规矩',
  '深入贯彻中央八项规定精神，持之以恒纠治“四风”',
  '深入学习贯彻习近平新时代中国特色社会主义思想',
  '学习《中国共产党支部工作条例（试行）》',
  '铸牢中华民族共同体意识',
  '推动黄河流域生态保护和高质量发展',
  '学习贯彻习近平总书记对甘肃重要讲话和重要指示批示精神',
  '践行全心全意为人民服务的根本宗旨',
  '解读“十五五”规划建议，立足岗位作贡献',
  '传承红色基因，赓续精神血脉',
  '学习《中国共产党纪律处分条例》',
];
const JULY_TOPIC = '弘扬伟大建党精神，争做新时代合格党员';
const SECTOR_TOPICS: Record<string, string[]> = {
  rural: ['全面推进乡村振兴，建设宜居宜业和美乡村', '发展壮大村级集体经济'],
  community: ['党建引领基层治理，建设幸福美好社区', '践行新时代“枫桥经验”，化解矛盾在基层'],
  school: ['落实立德树人根本任务，办好人民满意的教育'],
  public_institution: ['弘扬崇高职业精神，提升为民服务水平'],
  state_enterprise: ['以高质量党建引领国有企业高质量发展'],
  private_enterprise: ['以党建引领非公企业健康发展'],
  social_organization: ['发挥社会组织党组织政治引领作用'],
  government: ['建设模范机关，走好践行“两个维护”第一方阵'],
};

const COMMITTEE_ITEMS = [
  '研究本月主题党日活动方案',
  '研究发展党员工作，听取入党积极分子培养考察情况',
  '通报党费收缴情况',
  '研究困难党员、老党员走访慰问事宜',
  '研究党员教育管理工作',
  '分析党员思想状况',
  '研究“三会一课”落实情况',
  '研究意识形态工作',
  '研究党风廉政建设工作',
];
const GENERAL_ITEMS: Record<number, string[]> = {
  1: ['传达学习上级党组织工作会议精神'],
  2: ['通报上半年支部工作情况', '学习上级文件精神'],
  3: ['学习上级文件精神', '通报党费收缴和党员发展情况'],
  4: ['部署年度组织生活会和民主评议党员工作'],
};
/** The item of the first and last quarter, voted on at some meetings, only discussed at others. */
const YEAR_ITEMS: Record<number, string> = { 1: '支部年度工作计划', 4: '支部委员会年度工作报告' };
const GROUP_ITEMS = [
  '集体学习上级文件精神',
  '交流学习体会',
  '讨论支部工作安排的落实',
  '开展批评与自我批评',
  '收集党员和群众意见建议',
];
const EXCUSE_REASONS: [string, number][] = [
  ['因病请假', 30],
  ['出差', 20],
  ['照顾家人', 15],
  ['工作原因', 15],
  ['家中有事', 10],
  ['外地就医', 5],
  ['在外地探亲', 5],
];
const OLD_REASONS: [string, number][] = [
  ['年老体弱，行动不便', 40],
  ['因病请假', 35],
  ['住院治疗', 15],
  ['在外地子女家居住', 10],
];
const MOBILE_REASONS: [string, number][] = [
  ['外出务工', 60],
  ['在外地工作', 30],
  ['流动在外，已书面请假', 10],
];
const RETURN_COMMENTS = [
  '会议记录过于简略，请补充讨论情况',
  '请补充会议签到表照片',
  '参会人数与签到表不一致，请核实后重新提交',
  '表决情况记录不完整，请补充赞成、反对、弃权票数',
  '请补充党课讲稿或学习材料',
];
const TALK_OPENINGS = [
  '了解其近期思想、工作和生活情况',
  '围绕年度组织生活会征求意见建议',
  '就履行党员义务、发挥先锋模范作用交流思想',
  '就学习贯彻党的二十届四中全会精神交流体会',
  '了解其家庭困难和身体状况',
  '就支部工作和个人发展谈心交流',
];
const TALK_MIDDLES = [
  '该同志思想稳定，表示将积极参加组织生活',
  '该同志对支部工作提出建议，希望增加实地学习活动',
  '该同志反映家中老人身体不好，支部将安排走访慰问',
  '该同志表示愿意参加社区志愿服务',
  '该同志谈了近期工作中的困难，支部将协调帮助解决',
  '该同志认真查摆了自身不足，表示将加强理论学习',
  '该同志建议支部学习活动形式更加灵活，方便在外党员参加',
];
const TALK_CLOSINGS = [
  '提醒其按时交纳党费、按时参加组织生活。',
  '鼓励其立足岗位发挥先锋模范作用。',
  '双方达成共识，谈话效果良好。',
  '已记录意见建议，将在支委会上研究。',
];

const DEFAULT_PLACES: Record<string, string[]> = {
  government: ['机关党员活动室', '机关会议室', '三楼会议室'],
  public_institution: ['党员活动室', '行政楼会议室', '第一会议室'],
  state_enterprise: ['公司党员活动室', '公司会议室', '职工之家'],
  private_enterprise: ['公司会议室', '党员活动室', '党群服务站'],
  social_organization: ['党员活动室', '会议室', '社会组织党群服务中心'],
  school: ['学校党员活动室', '学校会议室', '图书馆报告厅'],
};

/** '中共兰州市财政局机关支部委员会' → '兰州市财政局机关'. */
function stemOf(name: string): string {
  return name
    .replace(/^中共/, '')
    .replace(/(联合)?(总)?支部委员会$/, '')
    .replace(/委员会$/, '');
}

function placesOf(org: OrgRow): string[] {
  const stem = stemOf(org.name);
  if (org.name.includes('离退休')) return ['离退休党员活动室', '老干部活动中心'];
  if (org.sector === 'community' && /(社区|村)$/.test(stem))
    return [`${stem}党群服务中心`, `${stem}党员活动室`, `${stem}新时代文明实践站`];
  if (org.sector === 'rural' && stem.endsWith('村'))
    return [`${stem}党群服务中心`, `${stem}委会会议室`, `${stem}党员活动室`];
  if (org.sector === 'community' || org.sector === 'rural') return ['党群服务中心', '党员活动室'];
  return DEFAULT_PLACES[org.sector] ?? ['党员活动室', '会议室'];
}

const pad2 = (n: number) => String(n).padStart(2, '0');
/** An instant on a business date, in Beijing time. */
const at = (date: IsoDate, hour: number, minute: number) =>
  new Date(`${date}T${pad2(hour)}:${pad2(minute)}:00+08:00`);
const yearOf = (d: IsoDate) => Number(d.slice(0, 4));
const monthOf = (d: IsoDate) => Number(d.slice(5, 7));
const monthKeyOf = (d: IsoDate) => d.slice(0, 7);
const dayIn = (month: string, day: number) => {
  const last = Number(addDays(addMonths(`${month}-01`, 1), -1).slice(8, 10));
  return `${month}-${pad2(Math.min(day, last))}`;
};

/** The entry of `key`, created with `make` when missing. */
function entryOf<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) {
    v = make();
    map.set(key, v);
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// Loading what the demo wrote
// ---------------------------------------------------------------------------------------------

interface Loaded {
  orgs: OrgRow[];
  members: MemberRow[];
  timelines: Map<number, Segment[]>;
  /** Members ever registered in the org (by register events). */
  membersOf: Map<number, MemberRow[]>;
  seats: Map<number, Seat[]>;
  users: Map<string, { id: number; orgIds: number[] }>;
}

async function load(tx: DbOrTx): Promise<Loaded> {
  const [orgs, members, events, seatRows, userRows] = await inTurn([
    () =>
      queryRows(
        tx,
        sql`select id, parent_id as "parentId", path::text as path, kind, sector, name, short_name as "shortName",
            status, founded_on as "foundedOn" from orgs order by id`,
        orgRow,
      ),
    () =>
      queryRows(
        tx,
        sql`select id, org_id as "orgId", group_id as "groupId", name, birth_date as "birthDate", category, status,
            joined_on as "joinedOn", confirmed_on as "confirmedOn" from members order by id`,
        memberRow,
      ),
    () =>
      queryRows(
        tx,
        sql`select member_id as "memberId", occurred_on as "on", org_id as "orgId",
            data->>'status' as status, data->>'category' as category
          from member_events where kind in ('registered', 'status_changed', 'transferred')
          order by member_id, occurred_on, id`,
        z.object({
          memberId: z.number(),
          on: z.string(),
          orgId: z.number(),
          status: z.string().nullable(),
          category: z.string().nullable(),
        }),
      ),
    () =>
      queryRows(
        tx,
        sql`select org_id as "orgId", member_id as "memberId", role from committee_members
          where ended_on is null order by org_id, sort_order, id`,
        z.object({ orgId: z.number(), memberId: z.number(), role: z.string() }),
      ),
    () =>
      queryRows(
        tx,
        sql`select u.id, u.username, r.org_id as "orgId" from users u
          left join role_assignments r on r.user_id = u.id order by u.id, r.id`,
        z.object({ id: z.number(), username: z.string(), orgId: z.number().nullable() }),
      ),
  ]);

  const byId = new Map(members.map((m) => [m.id, m]));
  const timelines = new Map<number, Segment[]>();
  const membersOf = new Map<number, MemberRow[]>();
  for (const e of events) {
    const list = entryOf(timelines, e.memberId, (): Segment[] => []);
    const prev = list[list.length - 1];
    list.push({
      from: e.on,
      orgId: e.orgId,
      status: e.status ?? prev?.status ?? 'active',
      category: e.category ?? prev?.category ?? 'probationary',
    });
    if (!prev || prev.orgId !== e.orgId) {
      const m = byId.get(e.memberId);
      if (!m) continue;
      const own = entryOf(membersOf, e.orgId, (): MemberRow[] => []);
      if (!own.includes(m)) own.push(m);
    }
  }
  const seats = new Map<number, Seat[]>();
  for (const s of seatRows) {
    const list = entryOf(seats, s.orgId, (): Seat[] => []);
    list.push({ memberId: s.memberId, role: s.role });
  }
  const users = new Map<string, { id: number; orgIds: number[] }>();
  for (const u of userRows) {
    const entry = entryOf(users, u.username, () => ({ id: u.id, orgIds: [] as number[] }));
    if (u.orgId !== null && !entry.orgIds.includes(u.orgId)) entry.orgIds.push(u.orgId);
  }
  return { orgs, members, timelines, membersOf, seats, users };
}

/** The member's register state at the start of `date` (events of that day not yet in effect). */
function stateBefore(timeline: Segment[] | undefined, date: IsoDate): Segment | null {
  if (!timeline) return null;
  let found: Segment | null = null;
  for (const s of timeline) {
    if (s.from < date) found = s;
    else break;
  }
  return found;
}

const onRegister = (status: string) => status !== 'left' && status !== 'deceased';

// ---------------------------------------------------------------------------------------------
// One branch
// ---------------------------------------------------------------------------------------------

type Tier = 'home' | 'weak' | 'normal';

interface BranchCtx {
  org: OrgRow;
  tier: Tier;
  rng: Rng;
  today: IsoDate;
  from: IsoDate;
  months: string[];
  groups: OrgRow[];
  seats: Seat[];
  hasCommittee: boolean;
  secretary: MemberRow | null;
  /** Who convenes when there is no secretary on record (the branch's most senior full member). */
  host: MemberRow | null;
  committee: MemberRow[];
  missP: number;
  places: string[];
  themeDay: number;
  hour: number;
  /** A skipped 主题党日 in August, a missing Q2 党员大会. */
  skipAugust: boolean;
  skipQ2: boolean;
  /** Period keys (rule:period) exempted by the higher org: nothing of that kind is held then. */
  exempt: Set<string>;
  /** Uses QR sign-in for recent meetings. */
  qr: boolean;
  /** The register state of the org's members on a date, cached. */
  attendeesOn: (date: IsoDate) => Attendee[];
  /** Members born on or before this day are 80 or older on `date`. */
  eightyOn: (date: IsoDate) => IsoDate;
}

function plansFor(b: BranchCtx, votesByDate: Map<IsoDate, VoteSpec[]>): Plan[] {
  const { rng, org, today } = b;
  const plans: Plan[] = [];
  const sector = org.sector;
  const anniversary = (y: number) => y - 1921;
  const currentMonth = monthKeyOf(today);
  const currentQuarter = periodOf(today, 'quarter').key;
  const horizon = addDays(today, 10);

  /** Whether a required meeting is held in a period (false: skipped; the period shows as missed or due). */
  const holds = (kind: Kind, periodKey: string) => {
    if (b.exempt.has(`${kind}:${periodKey}`)) return false;
    if (b.tier === 'home') {
      if (kind === 'general_meeting' && periodKey === currentQuarter) return false;
      if (kind === 'theme_day' && periodKey === currentMonth) return false;
      return true;
    }
    return !rng.chance(b.missP);
  };
  /** A meeting dated after today is either planned as a draft (a few) or not recorded yet. */
  const push = (p: Omit<Plan, 'planned' | 'votes'> & { votes?: VoteSpec[] }) => {
    if (p.date < b.from || p.date < org.foundedOn) return;
    if (p.date > today) {
      if (b.tier === 'home' || p.date > horizon || !rng.chance(0.05)) return;
      plans.push({ ...p, votes: p.votes ?? [], planned: true });
      return;
    }
    plans.push({ ...p, votes: p.votes ?? [], planned: false });
  };
  const workday = (date: IsoDate) => {
    // Offices, schools and enterprises meet on working days (the Monday after a weekend, or the
    // Friday before at the end of a month); communities and villages any day.
    if (sector === 'community' || sector === 'rural') return date;
    const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
    if (dow !== 0 && dow !== 6) return date;
    const monday = addDays(date, dow === 6 ? 2 : 1);
    return monthKeyOf(monday) === monthKeyOf(date) ? monday : addDays(date, dow === 6 ? -1 : -2);
  };

  // 主题党日: a fixed day each month.
  const themeDates = new Map<string, IsoDate>();
  for (const month of b.months) {
    const m = monthOf(`${month}-01`);
    const date = workday(dayIn(month, b.themeDay));
    themeDates.set(month, date);
    if (b.skipAugust && m === 8) continue;
    if (!holds('theme_day', month)) continue;
    let theme = rng.pick(THEMES[m]).replace('{N}', String(anniversary(yearOf(date))));
    if (sector === 'rural' && rng.chance(0.2)) theme = rng.pick(RURAL_THEMES);
    if (sector === 'community' && rng.chance(0.2)) theme = rng.pick(COMMUNITY_THEMES);
    const offsite = theme.includes('纪念馆')
      ? '兰州战役纪念馆'
      : OFFSITE[m] && rng.chance(0.35)
        ? OFFSITE[m]
        : undefined;
    push({
      kind: 'theme_day',
      date,
      hour: b.hour,
      minute: 0,
      minutes: 90,
      title: `${yearOf(date)}年${m}月主题党日：${theme}`,
      theme,
      offsite,
    });
  }

  // 支委会: early each month.
  if (b.hasCommittee) {
    for (const month of b.months) {
      if (!holds('committee_meeting', month)) continue;
      const date = workday(dayIn(month, rng.int(1, 8)));
      push({
        kind: 'committee_meeting',
        date,
        hour: rng.pick([9, 10, 15, 16]),
        minute: rng.pick([0, 30]),
        minutes: rng.pick([45, 60, 90]),
        title: `${yearOf(date)}年${monthOf(date)}月支部委员会会议`,
      });
    }
  }

  // 党小组会: monthly per group, usually mid-month.
  for (const g of b.groups) {
    const short = g.name.replace(stemOf(org.name), '');
    for (const month of b.months) {
      if (!holds('group_meeting', month)) continue;
      const date = workday(dayIn(month, rng.int(8, 26)));
      push({
        kind: 'group_meeting',
        group: g,
        date,
        hour: rng.pick([9, 10, 15]),
        minute: rng.pick([0, 30]),
        minutes: rng.pick([45, 60]),
        title: `${short}${yearOf(date)}年${monthOf(date)}月党小组会`,
      });
    }
  }

  // Quarters: one 党员大会 (often in the last month, with the 主题党日) and one 党课.
  const fromMonth = monthKeyOf(b.from);
  const quarters = [...new Set(b.months.map((m) => periodOf(`${m}-01`, 'quarter').key))];
  const monthsOfQuarter = (q: string) => {
    const first = (Number(q.slice(-1)) - 1) * 3 + 1;
    return [0, 1, 2].map((i) => `${q.slice(0, 4)}-${pad2(first + i)}`).filter((m) => m >= fromMonth);
  };
  // Most secretaries give their own lecture around 七一, some before the year's life meeting.
  const secretaryQuarter = new Map<number, string>();
  for (const year of new Set(quarters.map((q) => Number(q.slice(0, 4))))) {
    const qs = quarters.filter((q) => q.startsWith(`${year}-`));
    if (b.tier === 'weak' ? b.rng.chance(0.5) : b.tier === 'normal' && b.rng.chance(0.06)) continue;
    const preferred = rng.weighted([
      [`${year}-Q3`, 50],
      [`${year}-Q2`, 25],
      [`${year}-Q4`, 25],
    ] as const);
    secretaryQuarter.set(year, qs.includes(preferred) ? preferred : qs[qs.length - 1]);
  }
  for (const q of quarters) {
    const qMonths = monthsOfQuarter(q);
    if (qMonths.length === 0) continue;
    const quarter = Number(q.slice(-1));
    const year = Number(q.slice(0, 4));
    const votes = [...votesByDate.entries()].filter(([d]) => periodOf(d, 'quarter').key === q);
    // 党员大会: the quarter's regular one, unless the quarter's admission/confirmation meetings cover it.
    if (votes.length === 0 && !(b.skipQ2 && quarter === 2) && holds('general_meeting', q)) {
      const pick = rng.weighted(qMonths.map((m, i) => [m, [2, 3, 5][i + 3 - qMonths.length] ?? 1] as const));
      const sameDay = rng.chance(0.4);
      const date = sameDay ? (themeDates.get(pick) ?? dayIn(pick, 15)) : workday(dayIn(pick, rng.int(5, 28)));
      const extra: VoteSpec[] = [];
      const yearItem = YEAR_ITEMS[quarter];
      if (yearItem && rng.chance(0.3)) {
        extra.push({ subject: yearItem, item: `审议${yearItem}`, mustPass: false, decision: yearItem });
      }
      push({
        kind: 'general_meeting',
        date,
        // With the 主题党日: the other half of the day.
        hour: sameDay ? (b.hour < 12 ? 14 : 9) : b.hour,
        minute: sameDay ? 30 : 0,
        minutes: rng.pick([60, 90, 120]),
        title: `${year}年第${QUARTER_NAMES[quarter - 1]}季度支部党员大会`,
        quarter,
        votes: extra,
      });
    }
    for (const [date, specs] of votes) {
      push({
        kind: 'general_meeting',
        date,
        hour: b.hour,
        minute: 30,
        minutes: 90,
        title: specs.some((s) => s.subject.startsWith('接收'))
          ? '支部党员大会（讨论接收预备党员）'
          : specs.some((s) => s.subject.includes('转正'))
            ? '支部党员大会（讨论预备党员转正）'
            : `${year}年第${QUARTER_NAMES[quarter - 1]}季度支部党员大会`,
        quarter,
        votes: specs,
      });
    }

    // 党课: the quarter's lecture, often after the 主题党日.
    const bySecretary = secretaryQuarter.get(year) === q && b.secretary !== null;
    if (bySecretary || holds('party_lecture', q)) {
      const pick = rng.pick(qMonths);
      const sameDay = rng.chance(0.5);
      const date = sameDay ? (themeDates.get(pick) ?? dayIn(pick, 15)) : workday(dayIn(pick, rng.int(5, 27)));
      let topic =
        rng.chance(0.25) && SECTOR_TOPICS[sector]
          ? rng.pick(SECTOR_TOPICS[sector])
          : rng.pick(LECTURE_TOPICS);
      if (quarter === 3 && rng.chance(0.4)) topic = JULY_TOPIC;
      if (topic.includes('四中全会') && date < '2025-10-24') topic = LECTURE_TOPICS[1];
      const lecturer = bySecretary
        ? {
            name: (b.secretary as MemberRow).name,
            memberId: (b.secretary as MemberRow).id,
            bySecretary: true,
          }
        : lecturerFor(b);
      push({
        kind: 'party_lecture',
        date,
        // Right after the 主题党日 (09:00–10:30).
        hour: sameDay ? b.hour + 1 : b.hour,
        minute: sameDay ? 40 : 30,
        minutes: rng.pick([60, 90]),
        title: bySecretary
          ? `书记讲党课：${topic}`
          : `${year}年第${QUARTER_NAMES[quarter - 1]}季度党课：${topic}`,
        topic,
        lecturer,
      });
    }
  }

  // 组织生活会 and 民主评议党员: once a year, mostly in December (some late November or January).
  // Those of this year are mostly still ahead (push() drops what lies after today).
  for (let year = yearOf(b.from); year <= yearOf(today); year++) {
    if (!holds('life_meeting', String(year))) continue;
    const month = rng.weighted([
      [`${year}-12`, 78],
      [`${year}-11`, 14],
      [`${year + 1}-01`, 8],
    ] as const);
    const date = workday(dayIn(month, rng.int(month.endsWith('-01') ? 6 : 10, 28)));
    push({
      kind: 'life_meeting',
      date,
      hour: 9,
      minute: 0,
      minutes: 180,
      title: `${year}年度组织生活会`,
      year,
    });
    if (!holds('member_review', String(year))) continue;
    const together = rng.chance(0.7);
    push({
      kind: 'member_review',
      date: together ? date : workday(addDays(date, rng.int(1, 6))),
      hour: together ? 14 : 9,
      minute: 30,
      minutes: 120,
      title: `${year}年度民主评议党员`,
      year,
    });
  }
  return plans;
}

function lecturerFor(b: BranchCtx): Plan['lecturer'] {
  // The secretary's own lectures are planned separately (书记讲党课, counted for the yearly rule).
  const others = b.committee.filter((m) => m !== b.secretary);
  if (b.rng.chance(0.6) && others.length > 0) {
    const m = b.rng.pick(others);
    return { name: m.name, memberId: m.id, bySecretary: false };
  }
  // An invited lecturer: the higher committee's secretary, a party-school teacher.
  const gender = b.rng.chance(0.35) ? 'female' : 'male';
  return {
    name: personName(b.rng, gender, b.rng.int(1965, 1990), '汉族'),
    memberId: null,
    bySecretary: false,
  };
}

// ---------------------------------------------------------------------------------------------
// Attendance, votes, texts, status
// ---------------------------------------------------------------------------------------------

function drawAttendance(
  b: BranchCtx,
  a: Attendee,
  date: IsoDate,
  kind: Kind,
  planned: boolean,
): { attendance: Attendance; reason: string | null } {
  if (planned) return { attendance: 'absent', reason: null };
  const rng = b.rng;
  if (a.status === 'lost_contact') return { attendance: 'absent', reason: null };
  if (a.status === 'mobile') {
    const r = rng.next();
    if (r < 0.25) return { attendance: 'present', reason: null };
    if (r < 0.85) return { attendance: 'excused', reason: rng.weighted(MOBILE_REASONS) };
    return { attendance: 'absent', reason: null };
  }
  const old = a.member.birthDate <= b.eightyOn(date);
  let present = kind === 'committee_meeting' ? 0.93 : 0.87;
  let excused = kind === 'committee_meeting' ? 0.06 : 0.09;
  if (old) {
    present = 0.5;
    excused = 0.42;
  }
  if (b.tier === 'weak') {
    present -= 0.14;
    excused += 0.04;
  }
  const r = rng.next();
  if (r < present) return { attendance: 'present', reason: null };
  if (r < present + excused)
    return { attendance: 'excused', reason: rng.weighted(old ? OLD_REASONS : EXCUSE_REASONS) };
  return { attendance: 'absent', reason: null };
}

function buildMeeting(
  b: BranchCtx,
  p: Plan,
  id: number,
  users: { reviewer: number | null; submitter: number | null },
  out: AttendanceColumns,
): MeetingInsert | null {
  const rng = b.rng;
  // Who is expected: the committee for a 支委会, the group for a 党小组会, otherwise every member.
  let expected = b.attendeesOn(p.date);
  if (p.kind === 'committee_meeting') {
    const ids = new Set(b.seats.map((s) => s.memberId));
    expected = expected.filter((a) => ids.has(a.member.id));
  } else if (p.kind === 'group_meeting') {
    expected = expected.filter((a) => a.member.groupId === p.group?.id);
  }
  if (expected.length === 0) return null;

  const chair =
    p.kind === 'group_meeting'
      ? (expected.find((a) => a.category === 'full' && a.status === 'active')?.member ?? expected[0].member)
      : (b.secretary ?? b.host);
  const recorderPool = b.committee.filter((m) => m !== chair && expected.some((a) => a.member === m));
  const recorder =
    p.kind !== 'group_meeting' && recorderPool.length > 0
      ? recorderPool[0]
      : (expected.find((a) => a.member !== chair && a.category === 'full' && a.status === 'active')?.member ??
        null);

  const rows = expected.map((a) => {
    const d = drawAttendance(b, a, p.date, p.kind, p.planned);
    const mustAttend = a.member === chair || a.member === recorder || a.member.id === p.lecturer?.memberId;
    if (mustAttend && !p.planned) return { a, attendance: 'present' as Attendance, reason: null };
    return { a, ...d };
  });

  // Votes: counted against the full members expected (应到) and present (实到).
  const votes: MeetingVote[] = [];
  const decisions: string[] = [];
  if (!p.planned && p.votes.length > 0) {
    const voters = rows.filter((r) => r.a.category === 'full');
    const expectedVoting = voters.length;
    if (expectedVoting > 0 && p.votes.some((v) => v.mustPass)) {
      // The register says the member was admitted (or confirmed): the meeting had its quorum.
      for (const r of rng.shuffle(voters)) {
        if (quorumMet(expectedVoting, voters.filter((x) => x.attendance === 'present').length).ok) break;
        if (r.a.status === 'lost_contact' || r.attendance === 'present') continue;
        r.attendance = 'present';
        r.reason = null;
      }
    }
    const presentVoting = voters.filter((r) => r.attendance === 'present').length;
    const quorum = expectedVoting > 0 ? quorumMet(expectedVoting, presentVoting) : null;
    if (quorum?.ok) {
      for (const v of p.votes) {
        // Recommendations for an honour divide a branch; other business passes with the odd
        // vote against or abstention in larger branches (and can still fail when barely quorate).
        const large = presentVoting >= 6;
        let against = v.contested ? rng.int(0, 2) : large && rng.chance(0.08) ? 1 : 0;
        let abstain = v.contested ? rng.int(0, 3) : large && rng.chance(0.15) ? rng.int(1, 2) : 0;
        if (against + abstain > presentVoting) {
          against = 0;
          abstain = 0;
        }
        let forVotes = presentVoting - against - abstain;
        if (v.mustPass && !votePasses(forVotes, expectedVoting).ok) {
          against = 0;
          abstain = 0;
          forVotes = presentVoting;
        }
        const passed = votePasses(forVotes, expectedVoting).ok;
        votes.push({
          subject: v.subject,
          forVotes,
          against,
          abstain,
          expectedVoting,
          presentVoting,
          quorumMet: true,
          passed,
        });
        decisions.push(
          `以赞成${forVotes}票、反对${against}票、弃权${abstain}票，${passed ? `表决通过${v.decision}` : `${v.decision}未获通过（赞成票未超过应到会有表决权党员${expectedVoting}人的半数）`}`,
        );
      }
    }
  }

  const present = rows.filter((r) => r.attendance === 'present');
  const excused = rows.filter((r) => r.attendance === 'excused');
  const absent = rows.length - present.length - excused.length;
  const texts = textsFor(b, p, {
    chair: chair?.name ?? '',
    expected: rows.length,
    present: present.map((r) => r.a.member),
    excused: excused.length,
    absent,
    decisions,
    votes: votes.length,
    expectedVoting: votes[0]?.expectedVoting ?? 0,
    presentVoting: votes[0]?.presentVoting ?? 0,
  });

  // Status: older records reviewed, recent ones submitted, a few returned or still drafts.
  const age = daysBetween(p.date, b.today);
  let status: Status;
  if (p.planned) status = 'draft';
  else if (b.tier === 'home') status = age <= 20 ? 'submitted' : 'reviewed';
  else {
    const returned = b.tier === 'weak' ? 0.05 : 0.004;
    const draft = b.tier === 'weak' ? 0.03 : 0.003;
    status =
      age <= 3
        ? rng.weighted([
            ['draft', 35],
            ['submitted', 60],
            ['reviewed', 5],
          ])
        : age <= 30
          ? rng.weighted<Status>([
              ['draft', 4],
              ['submitted', 55],
              ['reviewed', 39],
              ['returned', 2],
            ])
          : rng.weighted<Status>([
              ['draft', draft],
              ['returned', returned],
              ['submitted', 0.09],
              ['reviewed', 1 - draft - returned - 0.09],
            ]);
  }
  const endMinute = p.hour * 60 + p.minute + p.minutes;
  const endsAt = at(p.date, Math.floor(endMinute / 60), endMinute % 60);
  // Created the evening of the meeting, submitted a few days later, reviewed a week or two after
  // that; never after today (then early this morning), and each step after the one before.
  const stamp = (afterDays: number, hour: number, notBefore: Date | null) => {
    const d = addDays(p.date, afterDays);
    const t = d >= b.today ? at(b.today, 8, rng.int(0, 59)) : at(d, hour, rng.int(0, 59));
    return notBefore && t < notBefore ? notBefore : t;
  };
  const createdAt = p.planned ? at(addDays(b.today, -rng.int(1, 6)), 10, rng.int(0, 59)) : stamp(0, 20, null);
  const submittedAt = status === 'draft' ? null : stamp(rng.int(1, 4), rng.int(9, 17), createdAt);
  const reviewedAt =
    status === 'reviewed' || status === 'returned'
      ? stamp(rng.int(5, 14), rng.int(9, 17), submittedAt)
      : null;
  const updatedAt = reviewedAt ?? submittedAt ?? createdAt;

  const meeting: MeetingInsert = {
    id,
    orgId: b.org.id,
    orgPath: b.org.path,
    kind: p.kind,
    groupId: p.group?.id ?? null,
    title: p.title.slice(0, 100),
    heldOn: p.date,
    startsAt: at(p.date, p.hour, p.minute),
    endsAt: endsAt,
    place: p.offsite ?? rng.pick(b.places),
    hostName: chair?.name ?? '',
    recorderName: recorder?.name ?? '',
    lecturerName: p.lecturer?.name ?? null,
    lecturerMemberId: p.lecturer?.memberId ?? null,
    bySecretary: p.lecturer?.bySecretary ?? false,
    topic: p.topic ?? null,
    agenda: texts.agenda,
    minutes: p.planned ? '' : texts.minutes,
    decisions: p.planned ? '' : texts.decisions,
    votes,
    status,
    submittedAt: submittedAt,
    submittedBy: submittedAt ? users.submitter : null,
    reviewedAt: reviewedAt,
    reviewedBy: reviewedAt ? users.reviewer : null,
    reviewComment:
      status === 'returned'
        ? rng.pick(RETURN_COMMENTS)
        : status === 'reviewed' && rng.chance(0.05)
          ? '记录规范，同意备案'
          : null,
    createdBy: users.submitter,
    createdAt: createdAt,
    updatedAt,
  };
  const qrUsed = b.qr && !p.planned && age <= 60;
  for (const r of rows) {
    const checkedIn =
      qrUsed && r.attendance === 'present' && rng.chance(0.85)
        ? `${p.date}T${pad2(p.hour - (p.minute < 15 ? 1 : 0))}:${pad2((p.minute + 60 - rng.int(1, 15)) % 60)}:00+08:00`
        : null;
    out.push(id, r.a.member.id, r.a.category, r.attendance, r.reason, checkedIn);
  }
  return meeting;
}

function textsFor(
  b: BranchCtx,
  p: Plan,
  f: {
    chair: string;
    expected: number;
    present: MemberRow[];
    excused: number;
    absent: number;
    decisions: string[];
    votes: number;
    expectedVoting: number;
    presentVoting: number;
  },
): { agenda: string; minutes: string; decisions: string } {
  const rng = b.rng;
  const numbered = (items: string[]) => items.map((x, i) => `${i + 1}. ${x}`).join('\n');
  const headcount = `应到${f.expected}人，实到${f.present.length}人${f.excused > 0 ? `，请假${f.excused}人` : ''}${f.absent > 0 ? `，缺席${f.absent}人` : ''}`;
  const speakers = rng
    .sample(
      f.present.filter((m) => m.name !== f.chair),
      2,
    )
    .map((m) => m.name);
  const spoke =
    speakers.length > 0
      ? `${speakers.join('、')}等同志结合工作实际作了交流发言，${rng.pick(['表示要把学习成果转化为推动工作的实际行动', '谈了各自的学习体会和下一步打算', '对支部工作提出了意见建议'])}。`
      : '';
  const opening = `会议由${f.chair}同志主持，${headcount}。`;
  let agenda: string[];
  let body: string;
  let decisions: string[];
  switch (p.kind) {
    case 'theme_day': {
      agenda = [
        '集体学习习近平新时代中国特色社会主义思想和上级文件精神',
        p.theme ?? '主题活动',
        rng.pick(['交纳党费', '重温入党誓词', '开展党员志愿服务', '交流学习体会']),
      ];
      body = `${opening}${f.chair}同志领学了上级有关文件精神，支部党员围绕“${p.theme}”开展了主题活动。${spoke}`;
      decisions = [
        '按要求完成本月主题党日各项内容',
        rng.pick(['活动照片和签到表已存档', '未参加的党员由支委会安排补学']),
      ];
      break;
    }
    case 'committee_meeting': {
      agenda = rng.sample(COMMITTEE_ITEMS, rng.int(2, 3));
      body = `${opening}会议${agenda.map((x) => x.replace(/^研究/, '研究了')).join('；')}。与会委员逐项进行了讨论，${rng.pick(['形成一致意见', '明确了责任分工和完成时限'])}。`;
      decisions = [`${agenda[0]}：形成一致意见，由支部委员分工落实`, '下次支委会听取落实情况'];
      break;
    }
    case 'group_meeting': {
      agenda = rng.sample(GROUP_ITEMS, 2);
      body = `${opening}党小组成员${agenda.join('，')}。${spoke}`;
      decisions = ['按支部要求抓好本月学习和工作任务落实'];
      break;
    }
    case 'general_meeting': {
      const quarter = p.quarter ?? 1;
      const voted = new Set(p.votes.map((v) => v.subject));
      const yearItem = YEAR_ITEMS[quarter];
      // A meeting called for an admission or a confirmation deals with that; the quarter's own
      // business goes to its regular meeting.
      const regular = !p.votes.some((v) => v.mustPass);
      agenda = [
        ...(regular ? GENERAL_ITEMS[quarter] : []),
        ...(regular && yearItem && !voted.has(yearItem) ? [`听取和讨论${yearItem}`] : []),
        ...p.votes.map((v) => v.item),
      ];
      const quorum =
        f.votes > 0
          ? `有表决权的正式党员应到${f.expectedVoting}人，实到${f.presentVoting}人，超过半数，符合表决要求。`
          : '';
      body = `${opening}${quorum}会议${agenda.join('；')}。${spoke}`;
      decisions =
        f.decisions.length > 0
          ? f.decisions
          : ['会议议程全部完成', rng.pick(['各项工作按计划推进', '支部委员会抓好会议精神落实'])];
      break;
    }
    case 'party_lecture': {
      agenda = [`${p.lecturer?.name ?? ''}同志讲授专题党课：${p.topic}`, '党员交流学习体会'];
      body = `${opening}${p.lecturer?.name}同志以“${p.topic}”为题讲授专题党课，${rng.pick(['结合身边事例，讲得深入浅出', '联系支部实际，讲思想、讲方法、讲要求', '从理论和实践两个方面作了深入阐释'])}。${spoke}`;
      decisions = ['党员结合党课内容撰写学习心得', '党课讲稿存入支部台账'];
      break;
    }
    case 'life_meeting': {
      agenda = [
        '通报上年度组织生活会查摆问题整改落实情况',
        `支部书记代表支委会作对照检查`,
        '党员逐一进行个人对照检查，开展批评和自我批评',
        '上级党组织派员点评',
      ];
      body = `${opening}会前，支部通过谈心谈话、征求意见等方式广泛听取意见。会上，${f.chair}同志代表支部委员会作对照检查，党员逐一对照检查、开展批评和自我批评，${rng.pick(['批评意见具体中肯', '问题查摆见人见事', '红脸出汗、达到了团结—批评—团结的目的'])}。${spoke}`;
      decisions = ['形成支部问题清单和整改措施，限期整改', '会议情况报上级党组织备案'];
      break;
    }
    case 'member_review': {
      const n = f.expected;
      const excellent = Math.max(n > 3 ? 1 : 0, Math.round((n * rng.int(12, 20)) / 100));
      const basic = n > 12 && rng.chance(0.4) ? 1 : 0;
      agenda = ['党员个人述学述职', '党员互评和民主测评', '支委会综合评定等次'];
      body = `${opening}党员逐一对照合格党员标准进行个人总结，与会党员进行互评和民主测评，支委会根据测评结果综合提出评定意见。`;
      decisions = [
        `评定优秀${excellent}名、合格${n - excellent - basic}名${basic > 0 ? `、基本合格${basic}名` : ''}，评议结果报上级党组织`,
      ];
      break;
    }
  }
  return { agenda: numbered(agenda), minutes: body, decisions: numbered(decisions) };
}

/**
 * Runs `load` with the foreign keys of `tables` dropped and re-adds them afterwards, from their own
 * catalog definitions. PostgreSQL checks a foreign key row by row on insert but validates a newly
 * added one with a single join ("Populating a Database" in its manual), which on PGlite makes
 * loading 200,000 attendance rows several times faster. Inside the caller's transaction: the
 * constraints are back (and checked) before it commits, and a failure rolls everything back.
 */
async function withForeignKeysDeferredToEnd(tx: DbOrTx, tables: string[], load: () => Promise<void>) {
  const fks = await queryRows(
    tx,
    sql`select conrelid::regclass::text as tbl, conname as name, pg_get_constraintdef(oid) as def
        from pg_constraint where contype = 'f' and conrelid::regclass::text = any(${sql`array[${sql.join(
          tables.map((t) => sql`${t}`),
          sql`, `,
        )}]::text[]`})`,
    z.object({ tbl: z.string(), name: z.string(), def: z.string() }),
  );
  const q = (id: string) => `"${id.replaceAll('"', '""')}"`;
  for (const fk of fks) await tx.execute(sql.raw(`alter table ${fk.tbl} drop constraint ${q(fk.name)}`));
  await load();
  for (const fk of fks)
    await tx.execute(sql.raw(`alter table ${fk.tbl} add constraint ${q(fk.name)} ${fk.def}`));
}

/**
 * Inserts rows given by column, each column as one array parameter unnested in the database: no
 * object per row on the way. Values are numbers, strings or null; `columns` name the table.
 */
async function insertColumns(tx: DbOrTx, columns: [PgColumn, (string | number | null)[]][], chunk = 50_000) {
  const table = getTableName(columns[0][0].table);
  const q = (id: string) => `"${id.replaceAll('"', '""')}"`;
  const literal = (values: (string | number | null)[]) =>
    `{${values
      .map((v) =>
        v === null ? 'NULL' : typeof v === 'number' ? String(v) : `"${v.replace(/["\\]/g, '\\$&')}"`,
      )
      .join(',')}}`;
  const names = columns.map(([c]) => q(c.name)).join(', ');
  const total = columns[0][1].length;
  for (let i = 0; i < total; i += chunk) {
    const arrays = columns.map(
      ([c, values]) => sql`${literal(values.slice(i, i + chunk))}::${sql.raw(c.getSQLType())}[]`,
    );
    await tx.execute(
      sql`insert into ${sql.raw(q(table))} (${sql.raw(names)}) select * from unnest(${sql.join(arrays, sql`, `)})`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// The whole demo
// ---------------------------------------------------------------------------------------------

/**
 * Writes the organizational-life history. Call inside the demo's transaction after orgs, members,
 * member events, committees and users exist; it neither reads nor writes anything else. Compute
 * `orglife_compliance` afterwards (refreshCompliance).
 */
export async function seedOrgLife(tx: DbOrTx, opts: SeedOrgLifeOptions): Promise<SeedOrgLifeResult> {
  const today = opts.today;
  const seed = (opts.seed ?? DEFAULT_SEED) ^ 0x0c11fe;
  const rng = new Rng(seed);
  const loaded = await load(tx);

  let fromMonth = monthKeyOf(addMonths(today, -12));
  const earliest = monthKeyOf(addMonths(today, -36));
  if (opts.trackingStartMonth && opts.trackingStartMonth < fromMonth)
    fromMonth = opts.trackingStartMonth < earliest ? earliest : opts.trackingStartMonth;
  const from = `${fromMonth}-01`;
  const months = monthsBetweenKeys(fromMonth, monthKeyOf(addDays(today, 10)));

  const orgById = new Map(loaded.orgs.map((o) => [o.id, o]));
  const memberById = new Map(loaded.members.map((m) => [m.id, m]));
  const branches = loaded.orgs.filter(
    (o) =>
      (o.kind === 'branch' || o.kind === 'joint_branch') && o.status === 'active' && o.foundedOn <= today,
  );
  const homeId = loaded.users.get('secretary')?.orgIds[0];
  const home = branches.find((o) => o.id === homeId) ?? branches[0];
  const districtRoot = orgById.get(loaded.users.get('district')?.orgIds[0] ?? -1);
  const inDistrict = (o: OrgRow) =>
    districtRoot !== undefined &&
    (o.path === districtRoot.path || o.path.startsWith(`${districtRoot.path}.`));
  const uid = (name: string) => loaded.users.get(name)?.id ?? null;

  // Weak branches: three villages, a community, a private enterprise, a joint branch, a social one.
  const candidates = (pred: (o: OrgRow) => boolean) =>
    branches.filter((o) => o !== home && !o.name.includes('离退休') && pred(o));
  const activeCount = (o: OrgRow) =>
    (loaded.membersOf.get(o.id) ?? []).filter((m) => m.orgId === o.id && m.status === 'active').length;
  const pickSome = (list: OrgRow[], n: number) => rng.sample(list, n);
  const weakOrgs = [
    ...pickSome(
      candidates((o) => o.sector === 'rural' && o.kind === 'branch' && activeCount(o) >= 10),
      3,
    ),
    ...pickSome(
      candidates((o) => o.sector === 'community' && o.kind === 'branch' && activeCount(o) >= 10),
      1,
    ),
    ...pickSome(
      candidates((o) => o.sector === 'private_enterprise' && o.kind === 'branch' && activeCount(o) >= 5),
      1,
    ),
    ...pickSome(
      candidates((o) => o.kind === 'joint_branch' && activeCount(o) >= 4),
      1,
    ),
    ...pickSome(
      candidates((o) => o.sector === 'social_organization' && o.kind === 'branch' && activeCount(o) >= 4),
      1,
    ),
  ];
  const weak = new Set(weakOrgs.map((o) => o.id));

  // Exemptions granted by the higher org: a village's 主题党日 in the flood season, a branch's
  // 党员大会 in the quarter it was reorganized, a 主题党日 at Spring Festival. Closed periods only,
  // for branches that then hold nothing of that kind in the period.
  const closed = (unit: 'month' | 'quarter') => {
    const periods = new Map(months.map((m) => periodOf(`${m}-01`, unit)).map((p) => [p.key, p]));
    return [...periods.values()].filter((p) => p.start >= from && p.end < today);
  };
  const closedMonths = closed('month');
  const closedQuarters = closed('quarter');
  const latestMonth = (mm: string, fallback: number) =>
    [...closedMonths].reverse().find((p) => p.key.endsWith(`-${mm}`)) ??
    closedMonths[Math.max(0, closedMonths.length - fallback)];
  const noVotesIn = (o: OrgRow, p: Period) =>
    !(loaded.membersOf.get(o.id) ?? []).some(
      (m) => inPeriod(m.joinedOn, p) || (m.confirmedOn !== null && inPeriod(m.confirmedOn, p)),
    );
  const usedForExemption = new Set<number>([home.id, ...weak]);
  interface ExemptSpec {
    org: OrgRow;
    kind: Kind;
    ruleId: string;
    period: Period;
    reason: string;
  }
  const exemptions: ExemptSpec[] = [];
  const addExemption = (
    pred: (o: OrgRow) => boolean,
    kind: Kind,
    ruleId: string,
    period: Period | undefined,
    reason: string,
  ) => {
    if (!period) return;
    const list = branches.filter((o) => !usedForExemption.has(o.id) && pred(o) && noVotesIn(o, period));
    if (list.length === 0) return;
    const org = rng.pick(list);
    usedForExemption.add(org.id);
    exemptions.push({ org, kind, ruleId, period, reason });
  };
  const village = (o: OrgRow) => o.sector === 'rural' && o.kind === 'branch';
  addExemption(
    village,
    'theme_day',
    'orglife.themeDayPeriod',
    latestMonth('08', 4),
    '汛期防汛抢险任务繁重，党员全部投入抢险一线，经镇党委批准本月主题党日免于考核',
  );
  addExemption(
    (o) => o.sector === 'state_enterprise' && o.kind === 'branch' && !o.name.includes('离退休'),
    'general_meeting',
    'orglife.generalMeetingPeriod',
    closedQuarters[closedQuarters.length - 2] ?? closedQuarters[0],
    '因支部改组，党员组织关系集中转接，经上级党委批准本季度党员大会免于考核',
  );
  addExemption(
    village,
    'theme_day',
    'orglife.themeDayPeriod',
    latestMonth('02', 9),
    '春节前后外出务工党员未返乡，经镇党委同意本月主题党日免于考核',
  );
  const exemptByOrg = new Map<number, Set<string>>();
  for (const e of exemptions) {
    const s = entryOf(exemptByOrg, e.org.id, () => new Set<string>());
    s.add(`${e.kind}:${e.period.key}`);
  }

  const groupsOf = new Map<number, OrgRow[]>();
  for (const o of loaded.orgs) {
    if (o.kind !== 'group' || o.status !== 'active' || o.parentId === null) continue;
    const list = entryOf(groupsOf, o.parentId, (): OrgRow[] => []);
    list.push(o);
  }

  // Write ids explicitly so attendance can reference them without a round trip.
  const [{ next }] = await queryRows(
    tx,
    sql`select coalesce(max(id), 0)::int + 1 as next from meetings`,
    z.object({ next: z.number() }),
  );
  let nextId = next;
  const meetingRows: MeetingInsert[] = [];
  const attendanceRows = new AttendanceColumns();
  const talkRows: (typeof heartTalks.$inferInsert)[] = [];
  let voteCount = 0;
  const eighty = new Map<IsoDate, IsoDate>();
  const eightyOn = (date: IsoDate) => entryOf(eighty, date, () => addYears(date, -80));
  const currentQuarter = periodOf(today, 'quarter').key;

  for (const org of branches) {
    const tier: Tier = org.id === home.id ? 'home' : weak.has(org.id) ? 'weak' : 'normal';
    const brng = new Rng(seed ^ Math.imul(org.id, 0x9e3779b1));
    const seats = loaded.seats.get(org.id) ?? [];
    const own = loaded.membersOf.get(org.id) ?? [];
    const secretarySeat = seats.find((s) => s.role === 'secretary');
    const secretary = secretarySeat ? (memberById.get(secretarySeat.memberId) ?? null) : null;
    const committee = seats.map((s) => memberById.get(s.memberId)).filter((m): m is MemberRow => !!m);
    const senior = own
      .filter((m) => m.orgId === org.id && m.category === 'full' && m.status === 'active')
      .sort((x, y) => (x.joinedOn < y.joinedOn ? -1 : 1));
    const host = secretary ?? senior[Math.min(senior.length - 1, 2)] ?? own[0] ?? null;
    const cache = new Map<IsoDate, Attendee[]>();
    const attendeesOn = (date: IsoDate) => {
      let list = cache.get(date);
      if (list) return list;
      list = [];
      for (const m of own) {
        const s = stateBefore(loaded.timelines.get(m.id), date);
        if (!s || s.orgId !== org.id || !onRegister(s.status)) continue;
        list.push({ member: m, category: s.category === 'full' ? 'full' : 'probationary', status: s.status });
      }
      cache.set(date, list);
      return list;
    };
    const missP =
      tier === 'weak'
        ? brng.int(35, 55) / 100
        : tier === 'home'
          ? 0
          : brng.weighted([
              [0, 8],
              [brng.int(3, 6) / 100, 40],
              [brng.int(6, 10) / 100, 40],
              [brng.int(10, 15) / 100, 12],
            ] as const);
    const ctx: BranchCtx = {
      org,
      tier,
      rng: brng,
      today,
      from,
      months,
      groups: groupsOf.get(org.id) ?? [],
      seats,
      // As the compliance table counts it: three members in office make a 支委会 (refresh.ts).
      hasCommittee: seats.length >= 3,
      secretary,
      host,
      committee,
      missP,
      places: placesOf(org),
      themeDay:
        tier === 'home'
          ? 25
          : brng.weighted([
              [1, 6],
              [5, 14],
              [8, 6],
              [10, 12],
              [15, 20],
              [18, 6],
              [20, 12],
              [25, 14],
              [28, 10],
            ] as const),
      hour:
        org.sector === 'community' || org.sector === 'rural' || org.name.includes('离退休')
          ? 9
          : brng.pick([9, 14, 15]),
      skipAugust: tier === 'normal' && brng.chance(0.05),
      skipQ2: tier === 'normal' && brng.chance(0.04),
      exempt: exemptByOrg.get(org.id) ?? new Set(),
      qr: brng.chance(0.4) || tier === 'home',
      attendeesOn,
      eightyOn,
    };

    // Admission (入党) and confirmation (转正) votes on the 党员大会 of that day.
    const votesByDate = new Map<IsoDate, VoteSpec[]>();
    const addVote = (date: IsoDate, v: VoteSpec) => {
      if (date < from || date > today) return;
      const quarter = periodOf(date, 'quarter').key;
      // The secretary's branch has not held this quarter's 党员大会 yet (a journey records it).
      if (tier === 'home' && quarter === currentQuarter) return;
      // Nor does a branch excused from the quarter's 党员大会 hold one for an honour or an election.
      if (!v.mustPass && exemptByOrg.get(org.id)?.has(`general_meeting:${quarter}`)) return;
      const list = entryOf(votesByDate, date, (): VoteSpec[] => []);
      list.push(v);
    };
    for (const m of own) {
      const tl = loaded.timelines.get(m.id) ?? [];
      const registered = tl[0];
      if (registered?.orgId === org.id && m.joinedOn >= from) {
        addVote(m.joinedOn, {
          subject: `接收${m.name}同志为中共预备党员`,
          item: `讨论接收${m.name}同志为中共预备党员`,
          mustPass: true,
          decision: `接收${m.name}同志为中共预备党员，报上级党委审批`,
        });
      }
      const confirmed = tl.find((s) => s.category === 'full');
      if (confirmed && confirmed.orgId === org.id && m.confirmedOn && m.confirmedOn >= from) {
        addVote(m.confirmedOn, {
          subject: `${m.name}同志按期转为中共正式党员`,
          item: `讨论${m.name}同志预备党员转正`,
          mustPass: true,
          decision: `${m.name}同志按期转为中共正式党员，报上级党委审批`,
        });
      }
    }
    // A recommendation for 优秀共产党员 before 七一, and delegates for the higher congress.
    if (tier !== 'home' && brng.chance(0.3)) {
      const june = months.find((mm) => mm.endsWith('-06') && `${mm}-20` <= today);
      const candidate = brng.pick(senior.length > 0 ? senior : own);
      if (june && candidate) {
        addVote(dayIn(june, brng.int(10, 24)), {
          subject: `推荐${candidate.name}同志为优秀共产党员`,
          item: `讨论推荐${candidate.name}同志为优秀共产党员`,
          mustPass: false,
          contested: true,
          decision: `推荐${candidate.name}同志为优秀共产党员`,
        });
      }
    }
    if (tier !== 'home' && brng.chance(0.12)) {
      const parent = org.parentId ? orgById.get(org.parentId) : undefined;
      const month = months.find((mm) => mm.endsWith('-04') && `${mm}-28` <= today);
      const delegate = brng.pick(senior.length > 0 ? senior : own);
      if (parent && month && delegate) {
        const congress = `${parent.shortName ?? stemOf(parent.name)}党员代表大会`;
        addVote(dayIn(month, brng.int(8, 26)), {
          subject: `选举${delegate.name}同志为出席${congress}代表`,
          item: `选举出席${congress}代表`,
          mustPass: false,
          decision: `选举${delegate.name}同志为出席${congress}代表`,
        });
      }
    }

    const plans = plansFor(ctx, votesByDate).sort((x, y) =>
      x.date === y.date ? x.hour * 60 + x.minute - (y.hour * 60 + y.minute) : x.date < y.date ? -1 : 1,
    );
    const users = {
      reviewer: inDistrict(org) ? uid('district') : uid('admin'),
      submitter: tier === 'home' ? uid('secretary') : null,
    };
    for (const p of plans) {
      const meeting = buildMeeting(ctx, p, nextId, users, attendanceRows);
      if (!meeting) continue;
      nextId++;
      meetingRows.push(meeting);
      voteCount += (meeting.votes ?? []).length;
    }

    // 谈心谈话: most members once in the calendar year with a committee member (weak branches fewer);
    // in a year only partly in the window, a share in proportion.
    const talkers = committee.length > 0 ? committee : host ? [host] : [];
    if (talkers.length === 0) continue;
    const coverage = tier === 'weak' ? brng.int(30, 60) / 100 : brng.int(86, 99) / 100;
    for (const year of new Set(months.map((mm) => Number(mm.slice(0, 4))))) {
      // The secretary's branch talked with everyone last year and with most members so far this year.
      const cover = tier === 'home' ? (year < yearOf(today) ? 1 : 0.8) : coverage;
      const start = [`${year}-01-01`, from].sort()[1];
      const end = [`${year}-12-31`, addDays(today, -1)].sort()[0];
      if (start > end) continue;
      const share = Math.min(1, 0.2 + (daysBetween(start, end) + 1) / 365);
      for (const m of own) {
        if (!brng.chance(cover * share)) continue;
        // A day on which the member was in this branch.
        let on = addDays(start, brng.int(0, daysBetween(start, end)));
        if (m.joinedOn >= on) on = [addDays(m.joinedOn, brng.int(7, 40)), end].sort()[0];
        const s = stateBefore(loaded.timelines.get(m.id), on);
        if (!s || s.orgId !== org.id || !onRegister(s.status) || on < start) continue;
        const candidatesT = talkers.filter((t) => t.id !== m.id);
        const talker = candidatesT.length > 0 ? brng.pick(candidatesT) : null;
        if (!talker) continue;
        talkRows.push({
          orgId: org.id,
          orgPath: org.path,
          memberId: m.id,
          talkerMemberId: talker.id,
          talkedOn: on,
          summary: `${talker.name}同志与${m.name}同志谈心谈话，${brng.pick(TALK_OPENINGS)}。${brng.pick(TALK_MIDDLES)}。${brng.pick(TALK_CLOSINGS)}`,
          recordedBy: tier === 'home' ? uid('secretary') : null,
          createdAt: at(on, 18, brng.int(0, 59)),
        });
      }
    }
  }

  await withForeignKeysDeferredToEnd(tx, ['meetings', 'meeting_attendance', 'heart_talks'], async () => {
    await bulkInsert(tx, meetings, meetingRows as (typeof meetings.$inferInsert)[], {
      overriding: true,
      chunk: 2000,
    });
    await tx.execute(
      sql`select setval(pg_get_serial_sequence('meetings', 'id'), (select coalesce(max(id), 1) from meetings))`,
    );
    await insertColumns(tx, [
      [meetingAttendance.meetingId, attendanceRows.meetingId],
      [meetingAttendance.memberId, attendanceRows.memberId],
      [meetingAttendance.category, attendanceRows.category],
      [meetingAttendance.attendance, attendanceRows.attendance],
      [meetingAttendance.reason, attendanceRows.reason],
      [meetingAttendance.checkedInAt, attendanceRows.checkedInAt],
    ]);
    await bulkInsert(tx, heartTalks, talkRows, { chunk: 5000 });
  });
  await bulkInsert(
    tx,
    orglifeExemptions,
    exemptions.map((e) => ({
      orgId: e.org.id,
      orgPath: e.org.path,
      ruleId: e.ruleId,
      periodKey: e.period.key,
      reason: e.reason,
      grantedBy: inDistrict(e.org) ? uid('district') : uid('admin'),
      grantedAt: at(addDays(e.period.end, -3), 10, 0),
    })),
  );

  return {
    branches: branches.map((o) => o.id),
    meetings: meetingRows.length,
    attendance: attendanceRows.length,
    heartTalks: talkRows.length,
    exemptions: exemptions.length,
    votes: voteCount,
    weak: weakOrgs.map((o) => ({ id: o.id, name: o.name })),
    home: { id: home.id, name: home.name },
    fromMonth,
  };
}
