// The org tree of a generated register: the party committees of the administrative levels, the
// grassroots orgs of every village and community, and units of every sector (government, public
// institutions, state and private enterprises, schools, social organizations) in the proportions of
// the national statistics. Pure: a division list and a seeded Rng in, nodes out.
import { addDays } from '../../src/domain/common/dates.js';
import type { OrgKind, Sector } from '../../src/domain/org/labels.js';
import type { Rng } from '../seed/prng.js';
import type { DivArea, DivCity, DivProvince, DivStreet } from './division.js';

export type Level = 'nation' | 'province' | 'city';

export interface GenOrg {
  id: number;
  parentId: number | null;
  path: string;
  depth: number;
  name: string;
  kind: OrgKind;
  sector: Sector;
  divisionCode: string | null;
  /** The county (6-digit code) the org lies in: the birthplace of most of its members. */
  areaCode: string;
  foundedOn: string;
  approvesDevelopment: boolean;
  /** Members on the register (leaf branches only; 0 elsewhere). */
  size: number;
  /** The work unit its members give (null for villages and communities). */
  unit: string | null;
}

export interface TreeOptions {
  level: Level;
  /** Grassroots orgs wanted (committees, general branches, branches; party groups come on top). */
  targetOrgs: number;
  /** Members wanted in all. */
  targetMembers: number;
  /** The day the register is as of: the latest founding date. */
  today: string;
}

/** Share of the non-territorial grassroots orgs by sector (the rest are villages and communities). */
export const UNIT_SECTOR_SHARES: ReadonlyArray<readonly [Sector, number]> = [
  ['government', 0.3],
  ['public_institution', 0.22],
  ['state_enterprise', 0.14],
  ['private_enterprise', 0.17],
  ['school', 0.1],
  ['social_organization', 0.07],
];

/** How a unit is organized: one branch, a general branch over branches, a committee over both. */
const SHAPES: Record<string, readonly [number, number, number]> = {
  government: [76, 14, 10],
  public_institution: [66, 19, 15],
  state_enterprise: [36, 24, 40],
  private_enterprise: [85, 10, 5],
  school: [62, 18, 20],
  social_organization: [90, 8, 2],
};

/** Grassroots orgs per unit on average, from SHAPES (small 1, medium 4.5, large 11.4). */
function orgsPerUnit(sector: Sector): number {
  const [s, m, l] = SHAPES[sector];
  return (s * 1 + m * 4.5 + l * 11.4) / (s + m + l);
}

/** Branch sizes: most 10–40, some under 3 and over 50 (by sector). */
const SIZE_BUCKETS: Record<string, ReadonlyArray<readonly [[number, number], number]>> = {
  default: [
    [[1, 2], 3],
    [[3, 9], 17],
    [[10, 25], 45],
    [[26, 40], 22],
    [[41, 50], 6],
    [[51, 110], 7],
  ],
  rural: [
    [[3, 9], 6],
    [[10, 25], 34],
    [[26, 40], 32],
    [[41, 50], 13],
    [[51, 120], 15],
  ],
  private_enterprise: [
    [[1, 2], 8],
    [[3, 9], 40],
    [[10, 25], 40],
    [[26, 40], 8],
    [[41, 80], 4],
  ],
  social_organization: [
    [[1, 2], 10],
    [[3, 9], 50],
    [[10, 25], 35],
    [[26, 40], 5],
  ],
};

const BUREAUS =
  '发展和改革局 财政局 教育局 民政局 人力资源和社会保障局 自然资源局 住房和城乡建设局 交通运输局 农业农村局 水务局 商务局 文化和旅游局 卫生健康委员会 审计局 市场监督管理局 统计局 医疗保障局 应急管理局 公安局 司法局 人民法院 人民检察院 政务服务中心 信访局 生态环境局 林业和草原局 退役军人事务局 乡村振兴局 税务局 总工会 团委 妇联 科学技术局 工业和信息化局 档案馆'.split(
    ' ',
  );
const INSTITUTIONS =
  '人民医院 中医医院 妇幼保健院 疾病预防控制中心 广播电视台 图书馆 文化馆 博物馆 农业技术推广中心 水利工作站 社会福利院 公证处 住房公积金中心 气象局 地震局 供销合作社 职业技术学校 体育中心 劳动就业服务中心 林业工作站'.split(
    ' ',
  );
const SOE_KINDS =
  '投资集团 交通投资集团 城市建设投资集团 水务集团 能源集团 公路建设集团 农业发展集团 文化旅游集团 电力公司 燃气集团 公交集团 粮食储备公司 国有资产经营公司 供热公司 物产集团 矿业集团 建设工程集团'.split(
    ' ',
  );
const BRANDS =
  '恒达 金鼎 瑞丰 鸿运 华通 丝路 金河 西部 博远 天成 嘉禾 宏业 兴隆 安泰 伟业 众诚 德润 金桥 远景 启航 泰和 祥瑞 汇通 中信 长城 新源 顺达 富民 宏图 振华'.split(
    ' ',
  );
const INDUSTRIES =
  '商贸 餐饮管理 建筑工程 物流 信息技术 物业管理 装饰工程 医药连锁 广告传媒 教育咨询 电子科技 汽车服务 农业科技 食品 环保科技 家政服务 机械制造 新能源 旅游开发 农牧业'.split(
    ' ',
  );
const SOCIAL =
  '律师事务所 会计师事务所 社会工作服务中心 行业协会 商会 民办学校 养老服务中心 志愿者协会 慈善会 托育中心 民办医院 评估事务所'.split(
    ' ',
  );
const ORDINALS = '一二三四五六七八九十'.split('');

function ordinal(i: number): string {
  if (i < 10) return ORDINALS[i];
  if (i < 20) return `十${i === 10 ? '' : ORDINALS[i - 11]}`;
  return String(i + 1);
}

/** 城关区 → 城关; 兰州市 → 兰州 (for unit names). */
function stem(name: string): string {
  return name.length > 2 ? name.replace(/(自治州|自治县|地区|市|区|县|旗|盟)$/, '') : name;
}

interface Host {
  org: GenOrg;
  sector: Sector;
  weight: number;
  place: string;
}

export class TreeBuilder {
  readonly orgs: GenOrg[] = [];
  private readonly names = new Map<string, number>();

  constructor(
    private readonly rng: Rng,
    private readonly opts: TreeOptions,
  ) {}

  private add(
    parent: GenOrg | null,
    o: Pick<GenOrg, 'name' | 'kind' | 'sector'> &
      Partial<Pick<GenOrg, 'divisionCode' | 'approvesDevelopment' | 'unit'>>,
    areaCode?: string,
  ): GenOrg {
    const id = this.orgs.length + 1;
    // Names are unique in the tree except party groups (第一党小组 in every branch); a repeated
    // unit name gets a number, as registers do (…（2）党支部).
    let name = o.name;
    if (o.kind !== 'group') {
      const seen = (this.names.get(name) ?? 0) + 1;
      this.names.set(name, seen);
      if (seen > 1) {
        const suffix = name.match(/(党委|党总支|党支部|联合党支部)$/)?.[0] ?? '';
        name = `${name.slice(0, name.length - suffix.length)}（${seen}）${suffix}`;
      }
    }
    const from = parent ? parent.foundedOn : '1949-10-01';
    const span = Math.max(0, Math.floor((Date.parse(this.opts.today) - Date.parse(from)) / 86_400_000) - 60);
    // Most orgs are decades old; a few were founded in the last years.
    const foundedOn = parent ? addDays(from, Math.floor(span * (1 - this.rng.next() ** 3))) : from;
    const org: GenOrg = {
      id,
      parentId: parent?.id ?? null,
      path: parent ? `${parent.path}.${id}` : String(id),
      depth: parent ? parent.depth + 1 : 0,
      name,
      kind: o.kind,
      sector: o.sector,
      divisionCode: o.divisionCode ?? null,
      areaCode: areaCode ?? parent?.areaCode ?? '000000',
      foundedOn,
      approvesDevelopment: o.approvesDevelopment ?? false,
      size: 0,
      unit: o.unit ?? parent?.unit ?? null,
    };
    this.orgs.push(org);
    return org;
  }

  private leaf(parent: GenOrg, name: string, sector: Sector, kind: OrgKind = 'branch'): GenOrg {
    const b = this.add(parent, { name, kind, sector });
    const buckets = SIZE_BUCKETS[sector] ?? SIZE_BUCKETS.default;
    const [lo, hi] = this.rng.weighted(buckets.map(([r, w]) => [r, w] as const));
    b.size = this.rng.int(lo, hi);
    return b;
  }

  /** Builds the whole tree and scales the branch sizes to the member target. */
  build(divs: DivProvince[]): GenOrg[] {
    const { level } = this.opts;
    const hosts: Host[] = [];
    if (level === 'nation') {
      const root = this.add(null, {
        name: '中共中央',
        kind: 'committee',
        sector: 'government',
        approvesDevelopment: true,
      });
      for (const p of divs) this.province(root, p, hosts);
    } else if (level === 'province') {
      this.province(null, divs[0], hosts);
    } else {
      const p = divs[0];
      this.city(null, p.cities[0], hosts, p.cities[0].areas.length);
    }

    // Units of every sector: as many as the org target leaves after the territorial orgs.
    const remaining = Math.max(0, this.opts.targetOrgs - this.orgs.length);
    for (const [sector, share] of UNIT_SECTOR_SHARES) {
      const slots = hosts.filter((h) => h.sector === sector);
      const total = slots.reduce((s, h) => s + h.weight, 0);
      const units = (remaining * share) / orgsPerUnit(sector);
      for (const h of slots) {
        const exact = (units * h.weight) / total;
        const n = Math.floor(exact) + (this.rng.chance(exact - Math.floor(exact)) ? 1 : 0);
        for (let i = 0; i < n; i++) this.unit(h.org, sector, h.place, i);
      }
    }

    // Party groups in most larger branches (支部工作条例 Art. 13).
    const leaves = this.orgs.filter((o) => o.size > 0);
    let members = leaves.reduce((s, o) => s + o.size, 0);
    const f = this.opts.targetMembers / Math.max(1, members);
    members = 0;
    for (const b of leaves) {
      const exact = b.size * f;
      b.size = Math.max(1, Math.floor(exact) + (this.rng.chance(exact - Math.floor(exact)) ? 1 : 0));
      members += b.size;
    }
    for (const b of leaves) {
      if (b.size >= 30 && this.rng.chance(0.45)) {
        const n = Math.min(4, Math.ceil(b.size / 15));
        for (let i = 0; i < n; i++)
          this.add(b, { name: `第${ordinal(i)}党小组`, kind: 'group', sector: b.sector });
      }
    }
    return this.orgs;
  }

  private province(parent: GenOrg | null, p: DivProvince, hosts: Host[]): GenOrg {
    const short = p.name.replace(/(省|市|自治区|壮族自治区|回族自治区|维吾尔自治区)$/, '');
    const org = this.add(
      parent,
      {
        name: `中共${short}${p.name.endsWith('省') ? '省' : ''}委`,
        kind: 'committee',
        sector: 'government',
        divisionCode: p.code,
        approvesDevelopment: true,
      },
      `${p.code}0100`,
    );
    const weight = p.cities.reduce((s, c) => s + c.areas.length, 0);
    const place = short;
    const gov = this.add(org, {
      name: `${short}直属机关工作委员会`,
      kind: 'committee',
      sector: 'government',
      approvesDevelopment: true,
      unit: null,
    });
    const soe = this.add(org, {
      name: `${short}国资委党委`,
      kind: 'committee',
      sector: 'state_enterprise',
      approvesDevelopment: true,
    });
    const edu = this.add(org, {
      name: `${short}教育工委`,
      kind: 'committee',
      sector: 'school',
      approvesDevelopment: true,
    });
    hosts.push({ org: gov, sector: 'government', weight: weight * 0.08, place });
    hosts.push({ org: gov, sector: 'public_institution', weight: weight * 0.05, place });
    hosts.push({ org: soe, sector: 'state_enterprise', weight: weight * 0.25, place });
    hosts.push({ org: edu, sector: 'school', weight: weight * 0.06, place });
    for (const c of p.cities) this.city(org, c, hosts, c.areas.length);
    return org;
  }

  private city(parent: GenOrg | null, c: DivCity, hosts: Host[], weight: number): GenOrg {
    const areaCode = c.areas[0]?.code ?? `${c.code}00`;
    const org = this.add(
      parent,
      {
        name: `中共${c.name}委员会`,
        kind: 'committee',
        sector: 'government',
        divisionCode: c.code,
        approvesDevelopment: true,
      },
      areaCode,
    );
    const place = stem(c.name);
    const gov = this.add(org, {
      name: `中共${c.name}直属机关工作委员会`,
      kind: 'committee',
      sector: 'government',
      approvesDevelopment: true,
    });
    const soe = this.add(org, {
      name: `中共${c.name}国资委委员会`,
      kind: 'committee',
      sector: 'state_enterprise',
      approvesDevelopment: true,
    });
    const edu = this.add(org, {
      name: `中共${c.name}教育工作委员会`,
      kind: 'committee',
      sector: 'school',
      approvesDevelopment: true,
    });
    const health = this.add(org, {
      name: `中共${c.name}卫生健康工作委员会`,
      kind: 'committee',
      sector: 'public_institution',
      approvesDevelopment: true,
    });
    const two = this.add(org, {
      name: `中共${c.name}非公有制经济组织和社会组织工作委员会`,
      kind: 'committee',
      sector: 'private_enterprise',
      approvesDevelopment: true,
    });
    hosts.push({ org: gov, sector: 'government', weight: weight * 0.35, place });
    hosts.push({ org: health, sector: 'public_institution', weight: weight * 0.3, place });
    hosts.push({ org: soe, sector: 'state_enterprise', weight: weight * 0.75, place });
    hosts.push({ org: edu, sector: 'school', weight: weight * 0.25, place });
    hosts.push({ org: two, sector: 'private_enterprise', weight: weight * 0.3, place });
    hosts.push({ org: two, sector: 'social_organization', weight: weight * 0.4, place });
    for (const a of c.areas) this.county(org, a, hosts);
    return org;
  }

  private county(parent: GenOrg, a: DivArea, hosts: Host[]): void {
    const org = this.add(
      parent,
      {
        name: `中共${a.name}委员会`,
        kind: 'committee',
        sector: 'government',
        divisionCode: a.code,
        approvesDevelopment: true,
      },
      a.code,
    );
    const place = stem(a.name);
    const gov = this.add(org, {
      name: `中共${a.name}直属机关工作委员会`,
      kind: 'committee',
      sector: 'government',
      approvesDevelopment: true,
    });
    const edu = this.add(org, {
      name: `中共${a.name}教育局委员会`,
      kind: 'committee',
      sector: 'school',
      approvesDevelopment: true,
    });
    const health = this.add(org, {
      name: `中共${a.name}卫生健康局委员会`,
      kind: 'committee',
      sector: 'public_institution',
      approvesDevelopment: true,
    });
    const two = this.add(org, {
      name: `中共${a.name}非公有制经济组织和社会组织委员会`,
      kind: 'committee',
      sector: 'private_enterprise',
      approvesDevelopment: true,
    });
    const weight = 1;
    hosts.push({ org: gov, sector: 'government', weight: (weight * 0.65) / 1, place });
    hosts.push({ org: health, sector: 'public_institution', weight: weight * 0.7, place });
    hosts.push({ org: edu, sector: 'school', weight: weight * 0.75, place });
    hosts.push({ org: two, sector: 'private_enterprise', weight: weight * 0.35, place });
    hosts.push({ org: two, sector: 'social_organization', weight: weight * 0.3, place });
    for (const s of a.streets) this.town(org, s, hosts, place);
  }

  private town(parent: GenOrg, s: DivStreet, hosts: Host[], place: string): void {
    const street = s.name.endsWith('街道');
    const org = this.add(parent, {
      name: street ? `中共${s.name}工作委员会` : `中共${s.name}委员会`,
      kind: 'committee',
      sector: street ? 'community' : 'rural',
      divisionCode: s.code,
      approvesDevelopment: true,
    });
    this.leaf(org, `${s.name}机关党支部`, 'government').unit =
      `${place}${s.name}${street ? '办事处' : '人民政府'}`;
    const stations = this.rng.int(0, 2);
    for (let i = 0; i < stations; i++)
      this.leaf(
        org,
        `${s.name}${['综合服务中心', '卫生院', '中心学校'][i]}党支部`,
        'public_institution',
      ).unit = `${s.name}${['综合服务中心', '卫生院', '中心学校'][i]}`;
    // Enterprises and social organizations of the streets and towns sit under them.
    hosts.push({ org, sector: 'private_enterprise', weight: 0.35 / Math.max(1, 1), place: stem(s.name) });
    hosts.push({ org, sector: 'social_organization', weight: 0.3 / Math.max(1, 1), place: stem(s.name) });
    for (const v of s.villages) {
      const sector: Sector = v.rural ? 'rural' : 'community';
      const big = this.rng.chance(v.rural ? 0.12 : 0.4);
      if (!big) {
        this.leaf(org, `中共${v.name}支部委员会`, sector).divisionCode = v.code;
        continue;
      }
      const vc = this.add(org, {
        name: `中共${v.name}委员会`,
        kind: 'committee',
        sector,
        divisionCode: v.code,
      });
      const n = v.rural ? this.rng.int(3, 5) : this.rng.int(3, 8);
      for (let i = 0; i < n; i++)
        this.leaf(
          vc,
          v.rural
            ? `${v.name}第${ordinal(i)}党支部`
            : `${v.name}${['第一网格', '第二网格', '第三网格', '第四网格', '离退休', '物业', '在职党员', '流动党员'][i]}党支部`,
          sector,
        );
    }
  }

  private unitName(sector: Sector, place: string, i: number): string {
    const r = this.rng;
    switch (sector) {
      case 'government':
        return `${place}${BUREAUS[i % BUREAUS.length]}`;
      case 'public_institution':
        return `${place}${INSTITUTIONS[i % INSTITUTIONS.length]}`;
      case 'state_enterprise':
        return `${place}${r.pick(SOE_KINDS)}有限公司`;
      case 'school':
        return `${place}${r.chance(0.5) ? `第${ordinal(r.int(0, 19))}中学` : `${r.pick(['东关', '西街', '南关', '北山', '新华', '团结', '红星', '育才', '实验', '光明'])}小学`}`;
      case 'social_organization':
        return `${place}${r.pick(BRANDS)}${r.pick(SOCIAL)}`;
      default:
        return `${place}${r.pick(BRANDS)}${r.pick(INDUSTRIES)}有限公司`;
    }
  }

  private unit(host: GenOrg, sector: Sector, place: string, i: number): void {
    const unit = this.unitName(sector, place, i);
    const [s, m] = SHAPES[sector];
    const r = this.rng.next() * 100;
    if (r < s) {
      const joint =
        (sector === 'private_enterprise' && this.rng.chance(0.3)) ||
        (sector === 'social_organization' && this.rng.chance(0.4));
      const b = this.leaf(
        host,
        joint ? `${unit}等联合党支部` : `${unit}党支部`,
        sector,
        joint ? 'joint_branch' : 'branch',
      );
      b.unit = unit;
      return;
    }
    if (r < s + m) {
      const g = this.add(host, { name: `${unit}党总支`, kind: 'general_branch', sector, unit });
      const n = this.rng.int(2, 5);
      for (let k = 0; k < n; k++) this.leaf(g, `${unit}第${ordinal(k)}党支部`, sector);
      return;
    }
    const c = this.add(host, { name: `${unit}党委`, kind: 'committee', sector, unit });
    const n = this.rng.int(3, 10);
    c.approvesDevelopment = n >= 6;
    for (let k = 0; k < n; k++) {
      if (this.rng.chance(0.2)) {
        const g = this.add(c, { name: `${unit}第${ordinal(k)}党总支`, kind: 'general_branch', sector });
        const gn = this.rng.int(2, 4);
        for (let j = 0; j < gn; j++)
          this.leaf(g, `${unit}第${ordinal(k)}党总支第${ordinal(j)}党支部`, sector);
      } else this.leaf(c, `${unit}第${ordinal(k)}党支部`, sector);
    }
  }
}

/** Counts by kind (committee, general_branch, branch incl. joint branches, group). */
export function kindCounts(
  orgs: readonly GenOrg[],
): Record<'committee' | 'general_branch' | 'branch' | 'group', number> {
  const c = { committee: 0, general_branch: 0, branch: 0, group: 0 };
  for (const o of orgs) {
    if (o.kind === 'joint_branch') c.branch++;
    else c[o.kind]++;
  }
  return c;
}
