/**
 * 发展党员: the five stages and 25 steps of the 《中国共产党发展党员工作细则》 (2014 programme; shared
 * domain rules §2.2), with who acts at each step and what the higher level does. A case records the
 * steps in this order; the time limits between them are rules in the catalog (src/domain/rules),
 * checked by the procedure engine, not here.
 *
 * The 2026 revision keeps the stages and steps; what it changes is recorded per step in
 * `changes2026` (step 8 becomes the higher committee's consent plus a public notice of at least
 * five working days, step 13 gains a one-month limit before the branch meeting). Article numbers of
 * 2026 are from secondary sources, as their rules' confidence says (docs/rules.md).
 */

export const DEVELOPMENT_VERSIONS = ['2014', '2026'] as const;
export type DevelopmentVersion = (typeof DEVELOPMENT_VERSIONS)[number];

export const DEVELOPMENT_STAGES = ['applicant', 'activist', 'candidate', 'probationary', 'full'] as const;
export type DevelopmentStage = (typeof DEVELOPMENT_STAGES)[number];

export const DEVELOPMENT_STAGE_LABELS: Record<DevelopmentStage, string> = {
  applicant: '申请入党',
  activist: '入党积极分子的确定和培养教育',
  candidate: '发展对象的确定和考察',
  probationary: '预备党员的接收',
  full: '预备党员的教育考察和转正',
};

/** Who records the step: the branch, its committee, or the higher committee with approval authority. */
export type StepActor = 'applicant' | 'branch' | 'branch_committee' | 'general_meeting' | 'higher_committee';

/** What the higher level does at a step: 备案 (filing, no approval), 同意, 预审, 谈话, 审批. */
export type HigherAction = 'filing' | 'consent' | 'pre_review' | 'interview' | 'approval';

export interface DevelopmentStep {
  no: number;
  key: string;
  stage: DevelopmentStage;
  title: string;
  actor: StepActor;
  higher?: HigherAction;
  /** Article of the 2014 细则 (as in rules.md; "inferred" where the number is not verified). */
  citation2014: string;
  /** What the 2026 revision changes at this step, if anything. */
  changes2026?: string;
}

const REG = '《中国共产党发展党员工作细则》';

export const DEVELOPMENT_STEPS: readonly DevelopmentStep[] = Object.freeze([
  {
    no: 1,
    key: 'application',
    stage: 'applicant',
    title: '递交入党申请书',
    actor: 'applicant',
    citation2014: `${REG}第五条、第六条`,
  },
  {
    no: 2,
    key: 'application_talk',
    stage: 'applicant',
    title: '党组织派人谈话',
    actor: 'branch',
    citation2014: `${REG}第七条（收到申请后一个月内）`,
  },
  {
    no: 3,
    key: 'activist_designated',
    stage: 'activist',
    title: '确定入党积极分子',
    actor: 'branch_committee',
    citation2014: `${REG}第八条`,
  },
  {
    no: 4,
    key: 'activist_filed',
    stage: 'activist',
    title: '报上级党委备案',
    actor: 'branch',
    higher: 'filing',
    citation2014: `${REG}第八条`,
  },
  {
    no: 5,
    key: 'mentors_assigned',
    stage: 'activist',
    title: '指定培养联系人',
    actor: 'branch',
    citation2014: `${REG}第九条（一至两名正式党员）`,
  },
  {
    no: 6,
    key: 'activist_assessment',
    stage: 'activist',
    title: '培养教育考察',
    actor: 'branch',
    citation2014: `${REG}第十条、第十一条（每半年考察一次）`,
  },
  {
    no: 7,
    key: 'candidate_designated',
    stage: 'candidate',
    title: '确定发展对象',
    actor: 'branch_committee',
    citation2014: `${REG}第十三条（培养教育考察一年以上）`,
    changes2026: '支委会讨论后报上级党委同意，并公示不少于五个工作日（2026年修订第十三条）',
  },
  {
    no: 8,
    key: 'candidate_filed',
    stage: 'candidate',
    title: '报上级党委备案',
    actor: 'branch',
    higher: 'filing',
    citation2014: `${REG}第十三条`,
    changes2026: '由备案改为上级党委同意（2026年修订第十三条）',
  },
  {
    no: 9,
    key: 'sponsors_assigned',
    stage: 'candidate',
    title: '确定入党介绍人',
    actor: 'branch',
    citation2014: `${REG}第十四条、第十五条（两名正式党员）`,
  },
  {
    no: 10,
    key: 'political_review',
    stage: 'candidate',
    title: '进行政治审查',
    actor: 'branch',
    citation2014: `${REG}第十六条、第十七条（条款号推定）`,
    changes2026: '未经政治审查或者政治审查不合格的，不能发展入党（2026年修订第十六条）',
  },
  {
    no: 11,
    key: 'training',
    stage: 'candidate',
    title: '开展集中培训',
    actor: 'higher_committee',
    citation2014: `${REG}第十八条（条款号推定；一般不少于三天或二十四个学时）`,
    changes2026: '2026年修订第十七条',
  },
  {
    no: 12,
    key: 'committee_review',
    stage: 'probationary',
    title: '支部委员会审查',
    actor: 'branch_committee',
    citation2014: `${REG}第十九条`,
  },
  {
    no: 13,
    key: 'higher_pre_review',
    stage: 'probationary',
    title: '上级党委预审',
    actor: 'higher_committee',
    higher: 'pre_review',
    citation2014: `${REG}第十九条`,
    changes2026: '预审通过后一个月内提交支部党员大会讨论（2026年修订第十九条）',
  },
  {
    no: 14,
    key: 'volunteer_form',
    stage: 'probationary',
    title: '填写入党志愿书',
    actor: 'applicant',
    citation2014: `${REG}第二十条附近（条款号未核实）`,
  },
  {
    no: 15,
    key: 'admission_vote',
    stage: 'probationary',
    title: '支部党员大会讨论',
    actor: 'general_meeting',
    citation2014: `${REG}第二十条、第二十一条（条款号未核实）`,
  },
  {
    no: 16,
    key: 'higher_interview',
    stage: 'probationary',
    title: '上级党委派人谈话',
    actor: 'higher_committee',
    higher: 'interview',
    citation2014: `${REG}（条款号未核实）`,
  },
  {
    no: 17,
    key: 'admission_approval',
    stage: 'probationary',
    title: '上级党委审批',
    actor: 'higher_committee',
    higher: 'approval',
    citation2014: `${REG}（三个月内，特殊情况不超过六个月；条款号未核实）`,
    changes2026: '2026年修订第二十五条：审批后报上级党委组织部门备案',
  },
  {
    no: 18,
    key: 'admission_filed',
    stage: 'probationary',
    title: '再上一级党委组织部门备案',
    actor: 'higher_committee',
    higher: 'filing',
    citation2014: `${REG}（2014年新增的备案要求）`,
  },
  {
    no: 19,
    key: 'assigned_to_branch',
    stage: 'full',
    title: '编入党支部和党小组',
    actor: 'branch',
    citation2014: `${REG}（二十五步流程）`,
  },
  {
    no: 20,
    key: 'oath',
    stage: 'full',
    title: '入党宣誓',
    actor: 'branch',
    citation2014: '《中国共产党章程》第六条',
    changes2026: '一般应在批准后一个月内（仅见于单一二手资料，未核实）',
  },
  {
    no: 21,
    key: 'probation_assessment',
    stage: 'full',
    title: '继续教育考察',
    actor: 'branch',
    citation2014: `${REG}第三十二条（预备期一年，自支部大会通过之日算起）`,
  },
  {
    no: 22,
    key: 'confirmation_application',
    stage: 'full',
    title: '提出转正申请',
    actor: 'applicant',
    citation2014: `${REG}第三十三条`,
  },
  {
    no: 23,
    key: 'confirmation_vote',
    stage: 'full',
    title: '支部党员大会讨论',
    actor: 'general_meeting',
    citation2014: `${REG}第三十二条、第三十三条、第三十六条（可延长一次，不少于半年，最长不超过一年）`,
  },
  {
    no: 24,
    key: 'confirmation_approval',
    stage: 'full',
    title: '上级党委审批',
    actor: 'higher_committee',
    higher: 'approval',
    citation2014: `${REG}第三十四条（三个月内）`,
  },
  {
    no: 25,
    key: 'archived',
    stage: 'full',
    title: '材料归档',
    actor: 'branch',
    citation2014: `${REG}第三十七条`,
  },
] as const satisfies readonly DevelopmentStep[]);

const byKey = new Map(DEVELOPMENT_STEPS.map((s) => [s.key, s]));

export function stepByKey(key: string): DevelopmentStep | undefined {
  return byKey.get(key);
}

/**
 * Who records a step: 'higher' (the approving committee) for the higher committee's own steps
 * (training, pre-review, interview, approvals, filing with the organization department) and for any
 * higher action other than a filing the branch reports, plus, under 2026, the consent of step 8;
 * 'branch' for everything else. One rule for the server's authority check, the UI and the seed.
 */
export function stepRecorder(key: string, version: DevelopmentVersion | string): 'branch' | 'higher' {
  const s = byKey.get(key);
  if (!s) return 'branch';
  if (s.actor === 'higher_committee') return 'higher';
  if (s.higher && s.higher !== 'filing') return 'higher';
  if (key === 'candidate_filed' && version === '2026') return 'higher';
  return 'branch';
}

/** The step after `key` in the procedure, or null after the last one. */
export function nextStep(key: string | null): DevelopmentStep | null {
  if (key === null) return DEVELOPMENT_STEPS[0] ?? null;
  const step = byKey.get(key);
  if (!step) throw new RangeError(`未知的发展党员步骤：${key}`);
  return DEVELOPMENT_STEPS[step.no] ?? null;
}
