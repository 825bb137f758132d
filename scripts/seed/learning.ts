/**
 * The demo's learning content and classes (issue #20, decision 0045): a year of it across the city.
 * - The municipal committee publishes the core materials (二十大精神, 党章党规, 党史, a video
 *   党课 and an audio talk from the bundled media in scripts/seed/assets/, storage keys
 *   `bundled:<name>`); each district committee publishes a few of its own, some for secretaries
 *   or committee members only; one item is withdrawn, one still a draft, one published for a
 *   date to come.
 * - Classes: each district's 集中培训 for the branch leaders (the secretaries in spring and, in two
 *   districts of three, again in autumn; the other committee members in autumn), so most leaders
 *   have a class organised above their branch and the secretaries who took office since the last
 *   one are not trained yet; the city's 集中培训 for new probationary members every quarter,
 *   专题辅导 in a share of the branches, one cancelled class, and in the demo branch a 专题辅导 running today
 *   (the QR code can be shown) and one finished earlier. Attendance with gaps: most attend every
 *   day, some miss a day, a few drop out (not completed).
 * Bulk inserts only; called by seedDemo after the other seeds (then hours and points read it).
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { addDays, compareDates, type IsoDate } from '../../src/domain/common/dates.js';
import { eachClassDay } from '../../src/domain/learning/completion.js';
import { queryRows, type Tx } from '../../src/server/db/client.js';
import {
  learningClassAttendance,
  learningClasses,
  learningClassRoster,
  learningItems,
} from '../../src/server/db/schema/index.js';
import { bulkInsert } from './bulk.js';
import { Rng } from './prng.js';

export interface SeedLearningOptions {
  today: string;
  seed: number;
}

/** 学时 in seconds at the default rule (45 minutes). */
const HOUR = 45 * 60;

type Audience = 'all' | 'secretaries' | 'committee' | 'probationary' | 'activists';
interface ItemSeed {
  title: string;
  summary: string;
  paragraphs?: string[];
  minutes: number;
  audience?: Audience[];
  required?: boolean;
  media?: {
    kind: 'video' | 'audio';
    key: string;
    fileName: string;
    mime: string;
    size: number;
    seconds: number;
  };
}

const P = {
  congress: [
    '党的二十大报告深刻阐述了新时代新征程中国共产党的使命任务，明确了以中国式现代化全面推进中华民族伟大复兴的中心任务。',
    '学习贯彻党的二十大精神，要深刻领悟“两个确立”的决定性意义，增强“四个意识”、坚定“四个自信”、做到“两个维护”。',
    '基层党组织要把学习成果转化为推动发展、服务群众、凝聚人心的实际行动，在全面建设社会主义现代化国家新征程上勇毅前行。',
  ],
  constitution: [
    '党章是党的根本大法，是全党必须遵循的总规矩。学习党章，要逐章逐条学，把握党的性质宗旨、指导思想、奋斗目标和组织原则。',
    '党员要牢记入党誓词，履行党员义务，正确行使党员权利，自觉按照党章规定参加党的组织生活、按期交纳党费。',
  ],
  discipline: [
    '《中国共产党纪律处分条例》对违反政治纪律、组织纪律、廉洁纪律、群众纪律、工作纪律和生活纪律的行为作出了明确规定。',
    '党员干部要学纪、知纪、明纪、守纪，把纪律规矩内化于心、外化于行，做到知敬畏、存戒惧、守底线。',
  ],
  history: [
    '中国共产党的百年奋斗历程，是为中国人民谋幸福、为中华民族谋复兴的历程。学习党史，要学史明理、学史增信、学史崇德、学史力行。',
    '伟大建党精神是中国共产党的精神之源：坚持真理、坚守理想，践行初心、担当使命，不怕牺牲、英勇斗争，对党忠诚、不负人民。',
  ],
  branch: [
    '党支部是党的基础组织，担负直接教育党员、管理党员、监督党员和组织群众、宣传群众、凝聚群众、服务群众的职责。',
    '支部书记要落实“三会一课”、主题党日、组织生活会、民主评议党员和谈心谈话等制度，抓好党员教育管理。',
  ],
};

const CITY_ITEMS: ItemSeed[] = [
  {
    title: '学习贯彻党的二十大精神专题辅导（一）：新时代新征程的使命任务',
    summary: '二十大报告学习辅导第一讲',
    paragraphs: P.congress,
    minutes: 40,
    required: true,
  },
  {
    title: '学习贯彻党的二十大精神专题辅导（二）：中国式现代化',
    summary: '二十大报告学习辅导第二讲',
    paragraphs: P.congress,
    minutes: 35,
  },
  {
    title: '中国共产党章程学习要点',
    summary: '逐章学习党章',
    paragraphs: P.constitution,
    minutes: 45,
    required: true,
  },
  {
    title: '《中国共产党纪律处分条例》学习解读',
    summary: '党纪学习教育必读',
    paragraphs: P.discipline,
    minutes: 45,
    required: true,
  },
  {
    title: '《中国共产党支部工作条例（试行）》导读',
    summary: '支部工作的基本遵循',
    paragraphs: P.branch,
    minutes: 30,
  },
  { title: '弘扬伟大建党精神', summary: '党史学习教育专题', paragraphs: P.history, minutes: 30 },
  { title: '新时代党员的初心使命', summary: '党员教育基础课', paragraphs: P.constitution, minutes: 25 },
  {
    title: '基层党组织书记履职能力提升要点',
    summary: '书记专题',
    paragraphs: P.branch,
    minutes: 40,
    audience: ['secretaries'],
  },
  {
    title: '预备党员教育读本：做一名合格党员',
    summary: '预备期教育',
    paragraphs: P.constitution,
    minutes: 45,
    audience: ['probationary'],
    required: true,
  },
  {
    title: '入党积极分子培训教材：党的基本知识',
    summary: '积极分子培训',
    paragraphs: P.constitution,
    minutes: 45,
    audience: ['activists'],
  },
  {
    title: '党课视频：学习贯彻党的二十大精神',
    summary: '市委讲师团录制的党课（演示视频）',
    minutes: 1,
    required: true,
    media: {
      kind: 'video',
      key: 'bundled:demo-lecture.webm',
      fileName: '党课视频.webm',
      mime: 'video/webm',
      size: 213098,
      seconds: 60,
    },
  },
  {
    title: '音频微党课：党章里的“党员义务”',
    summary: '每日微党课（演示音频）',
    minutes: 1,
    media: {
      kind: 'audio',
      key: 'bundled:demo-audio.ogg',
      fileName: '微党课.ogg',
      mime: 'audio/ogg',
      size: 164639,
      seconds: 60,
    },
  },
];

const DISTRICT_ITEMS: ItemSeed[] = [
  { title: '党纪学习教育读书班学习材料', summary: '区委党纪学习教育', paragraphs: P.discipline, minutes: 30 },
  {
    title: '党支部标准化规范化建设工作手册',
    summary: '支部书记必读',
    paragraphs: P.branch,
    minutes: 40,
    audience: ['secretaries', 'committee'],
  },
  { title: '身边的榜样：优秀共产党员事迹选编', summary: '先进典型学习', paragraphs: P.history, minutes: 20 },
];

const orgRow = z.object({
  id: z.number(),
  path: z.string(),
  name: z.string(),
  depth: z.number(),
  kind: z.string(),
});
const memberRow = z.object({
  id: z.number(),
  orgId: z.number(),
  orgPath: z.string(),
  category: z.string(),
  joinedOn: z.string(),
});

export async function seedLearning(tx: Tx, opts: SeedLearningOptions): Promise<void> {
  const rng = new Rng((opts.seed ^ 0x1ea2) >>> 0);
  const today = opts.today as IsoDate;
  const year = Number(today.slice(0, 4));
  const orgs = await queryRows(
    tx,
    sql`select id, path::text as path, name, depth, kind from orgs where status = 'active' order by path`,
    orgRow,
  );
  const root = orgs.find((o) => o.depth === 0);
  if (!root) return;
  const districts = orgs.filter((o) => o.depth === 1 && o.kind === 'committee');
  const branches = orgs.filter((o) => o.kind === 'branch' || o.kind === 'joint_branch');
  const members = await queryRows(
    tx,
    sql`select id, org_id as "orgId", org_path::text as "orgPath", category, joined_on::text as "joinedOn" from members
      where status not in ('left', 'deceased') order by id`,
    memberRow,
  );
  // Branch secretaries and committee members in office today (班子成员), with when they took office.
  const leaders = await queryRows(
    tx,
    sql`select c.member_id as id, bool_or(c.role = 'secretary') as secretary, min(c.started_on)::text as "startedOn"
      from committee_members c join members m on m.id = c.member_id
      where c.ended_on is null and m.status not in ('left', 'deceased') group by 1 order by 1`,
    z.object({ id: z.number(), secretary: z.boolean(), startedOn: z.string() }),
  );
  const [homeRow] = await queryRows(
    tx,
    sql`select ra.org_id as id from role_assignments ra join users u on u.id = ra.user_id
      where u.username = 'secretary' and ra.role = 'secretary' limit 1`,
    z.object({ id: z.number() }),
  );
  const memberById = new Map(members.map((m) => [m.id, m]));
  const membersOfBranch = new Map<number, number[]>();
  for (const m of members) {
    const list = membersOfBranch.get(m.orgId) ?? [];
    list.push(m.id);
    membersOfBranch.set(m.orgId, list);
  }
  const under = (path: string) => (m: { orgPath: string }) =>
    m.orgPath === path || m.orgPath.startsWith(`${path}.`);

  // ---- items ----
  const itemRows: (typeof learningItems.$inferInsert)[] = [];
  const item = (org: { id: number; path: string }, s: ItemSeed, publishOn: IsoDate, status = 'published') => {
    itemRows.push({
      orgId: org.id,
      orgPath: org.path,
      title: s.title,
      kind: s.media?.kind ?? 'text',
      summary: s.summary,
      body: s.paragraphs ? s.paragraphs.join('\n\n') : '',
      fileName: s.media?.fileName ?? null,
      mimeType: s.media?.mime ?? null,
      size: s.media?.size ?? null,
      storageKey: s.media?.key ?? null,
      lengthSeconds: s.media?.seconds ?? s.minutes * 60,
      audience: s.audience ?? ['all'],
      required: s.required ?? false,
      publishOn,
      status,
      createdBy: null,
    });
  };
  for (const [i, s] of CITY_ITEMS.entries()) item(root, s, addDays(today, -330 + i * 27));
  item(
    root,
    {
      title: '《中国共产党党员教育管理工作条例》学习辅导',
      summary: '下月发布',
      paragraphs: P.branch,
      minutes: 30,
    },
    addDays(today, 20),
  );
  item(
    root,
    { title: '（已撤回）旧版学习材料', summary: '已由新版替代', paragraphs: P.history, minutes: 20 },
    addDays(today, -200),
    'withdrawn',
  );
  item(
    root,
    { title: '学习贯彻全会精神辅导材料（草稿）', summary: '待审定', paragraphs: P.congress, minutes: 30 },
    addDays(today, 7),
    'draft',
  );
  for (const d of districts) {
    for (const s of rng.sample(DISTRICT_ITEMS, rng.int(1, DISTRICT_ITEMS.length))) {
      item(d, { ...s, title: s.title }, addDays(today, -rng.int(10, 300)));
    }
  }
  await tx.insert(learningItems).values(itemRows);

  // ---- classes ----
  type ClassSeed = typeof learningClasses.$inferInsert & { roster: number[]; attendP: number; dropP: number };
  const classes: ClassSeed[] = [];
  const status = (endsOn: IsoDate) => (compareDates(endsOn, today) < 0 ? 'finished' : 'planned');
  const add = (
    org: { id: number; path: string; name: string },
    c: {
      kind: 'training' | 'tutorial';
      title: string;
      startsOn: IsoDate;
      days: number;
      hours: number;
      place: string;
      online?: boolean;
    },
    roster: number[],
    attendP = 0.93,
    dropP = 0.05,
    forced?: string,
  ) => {
    const endsOn = addDays(c.startsOn, c.days - 1);
    classes.push({
      orgId: org.id,
      orgPath: org.path,
      kind: c.kind,
      title: c.title,
      organiser: org.name.slice(0, 60),
      startsOn: c.startsOn,
      endsOn,
      creditSeconds: c.hours * HOUR,
      place: c.place,
      online: c.online ?? false,
      completionPercent: 80,
      status: forced ?? status(endsOn),
      createdBy: null,
      roster,
      attendP,
      dropP,
    });
  };
  // Every district trains its branch leaders at its 党校 (a class organised above their branches):
  // the secretaries in spring, again in autumn in two districts of three (a gap in the others: the
  // secretaries who took office since then are still untrained), the other committee members in
  // autumn, in sittings of at most 120. A leader who took office after a class was not on it.
  const leaderById = new Map(leaders.map((l) => [l.id, l]));
  const sittings = (ids: number[]) => {
    const n = Math.max(1, Math.ceil(ids.length / 120));
    return Array.from({ length: n }, (_, k) => ids.filter((_, j) => j % n === k));
  };
  const NUMERALS = ['一', '二', '三', '四', '五', '六'];
  for (const [i, d] of districts.entries()) {
    const inDistrict = members.filter(under(d.path)).filter((m) => leaderById.has(m.id));
    // The roster is drawn up six weeks ahead: who took office since then waits for the next class.
    const before = (day: IsoDate) => (m: { id: number }) =>
      compareDates((leaderById.get(m.id) as { startedOn: string }).startedOn as IsoDate, addDays(day, -42)) <
      0;
    const secretariesOn = (day: IsoDate) =>
      inDistrict.filter((m) => leaderById.get(m.id)?.secretary && before(day)(m)).map((m) => m.id);
    const spring = addDays(today, -300 + i * 3);
    if (!secretariesOn(spring).length) continue;
    add(
      d,
      {
        kind: 'training',
        title: `${year}年基层党组织书记轮训班（第一期）`,
        startsOn: spring,
        days: 3,
        hours: 24,
        place: '区委党校',
      },
      secretariesOn(spring),
      0.97,
      0.02,
    );
    if (i % 3 !== 2) {
      const autumn = addDays(today, -90 + i * 2);
      add(
        d,
        {
          kind: 'training',
          title: `${year}年基层党组织书记轮训班（第二期）`,
          startsOn: autumn,
          days: 2,
          hours: 16,
          place: '区委党校',
        },
        secretariesOn(autumn),
        0.9,
        0.08,
      );
    }
    const committeeOn = addDays(today, -150 + i * 4);
    const committee = inDistrict
      .filter((m) => !leaderById.get(m.id)?.secretary && before(committeeOn)(m))
      .map((m) => m.id);
    const groups = sittings(committee);
    for (const [k, roster] of groups.entries()) {
      add(
        d,
        {
          kind: 'training',
          title: `${year}年党支部委员培训班${groups.length > 1 ? `（第${NUMERALS[k] ?? k + 1}期）` : ''}`,
          startsOn: addDays(committeeOn, k * 7),
          days: 2,
          hours: 16,
          place: '区委党校',
        },
        roster,
        0.9,
        0.06,
      );
    }
  }
  // The city trains its new probationary members every quarter: each class takes those admitted
  // up to two weeks before it and not yet on an earlier one (the latest are still waiting).
  const probationary = members.filter((m) => m.category === 'probationary');
  let admittedFrom = '0000-01-01';
  for (const [k, back] of [300, 210, 120, 30].entries()) {
    const startsOn = addDays(today, -back);
    const until = addDays(startsOn, -14);
    const roster = probationary
      .filter((m) => m.joinedOn >= admittedFrom && m.joinedOn < until)
      .map((m) => m.id);
    admittedFrom = until;
    if (!roster.length) continue;
    add(
      root,
      {
        kind: 'training',
        title: `${year}年新发展党员（预备党员）集中培训班（第${NUMERALS[k]}期）`,
        startsOn,
        days: 3,
        hours: 24,
        place: '市委党校',
      },
      roster,
      0.98,
      0.02,
    );
  }
  add(
    root,
    {
      kind: 'tutorial',
      title: '学习贯彻全会精神专题辅导报告会（因故取消）',
      startsOn: addDays(today, -40),
      days: 1,
      hours: 3,
      place: '市委党校报告厅',
    },
    [],
    0,
    0,
    'cancelled',
  );
  const topics = [
    '党纪学习教育专题辅导',
    '学习贯彻党的二十大精神专题辅导',
    '党章党规专题辅导',
    '党史学习教育专题辅导',
  ];
  const tutorialBranches = rng.sample(
    branches.filter((b) => b.id !== homeRow?.id && (membersOfBranch.get(b.id)?.length ?? 0) >= 5),
    150,
  );
  for (const b of tutorialBranches) {
    const roster = membersOfBranch.get(b.id) ?? [];
    add(
      b,
      {
        kind: 'tutorial',
        title: rng.pick(topics),
        startsOn: addDays(today, -rng.int(5, 330)),
        days: 1,
        hours: rng.pick([2, 3, 4]),
        place: '党员活动室',
      },
      roster.slice(0, 80),
      rng.pick([0.95, 0.85, 0.7]),
      0,
    );
  }
  const home = homeRow ? orgs.find((o) => o.id === homeRow.id) : undefined;
  if (home) {
    const roster = (membersOfBranch.get(home.id) ?? []).slice(0, 80);
    add(
      home,
      {
        kind: 'tutorial',
        title: '党纪学习教育专题辅导',
        startsOn: addDays(today, -60),
        days: 1,
        hours: 3,
        place: '社区党群服务中心',
      },
      roster,
      0.85,
      0,
    );
    // Running today: the secretary can show the day's QR code; yesterday's attendance is in.
    add(
      home,
      {
        kind: 'tutorial',
        title: '学习贯彻党的二十大精神读书班',
        startsOn: addDays(today, -1),
        days: 3,
        hours: 6,
        place: '社区党群服务中心',
      },
      roster,
      0.9,
      0,
    );
  }
  const inserted = await tx
    .insert(learningClasses)
    .values(classes.map(({ roster: _r, attendP: _a, dropP: _d, ...c }) => c))
    .returning({ id: learningClasses.id });

  const rosterRows: (typeof learningClassRoster.$inferInsert)[] = [];
  const attendance: (typeof learningClassAttendance.$inferInsert)[] = [];
  for (const [i, c] of classes.entries()) {
    const classId = inserted[i].id;
    const days = eachClassDay(c.startsOn, c.endsOn).filter((d) => compareDates(d, today) < 0);
    for (const memberId of c.roster) {
      if (!memberById.has(memberId)) continue;
      rosterRows.push({ classId, memberId, addedAt: new Date(`${addDays(c.startsOn, -7)}T09:00:00+08:00`) });
      if (c.status === 'cancelled') continue;
      const dropsOut = rng.chance(c.dropP);
      for (const [k, day] of days.entries()) {
        if (dropsOut && k > 0) break;
        if (!rng.chance(c.attendP)) continue;
        attendance.push({
          classId,
          memberId,
          day,
          method: rng.chance(0.8) ? 'qr' : 'manual',
          checkedInAt: new Date(`${day}T08:${String(rng.int(30, 59)).padStart(2, '0')}:00+08:00`),
          recordedBy: null,
        });
      }
    }
  }
  await bulkInsert(tx, learningClassRoster, rosterRows, { chunk: 5000 });
  await bulkInsert(tx, learningClassAttendance, attendance, { chunk: 5000 });
}
