/**
 * Dues (党费) vocabularies: categories of a dues profile, ledger statuses, payment methods and kinds,
 * and the branch's decisions on a lapse flag. Chinese labels beside the ids so that server messages,
 * the web and the seed use one wording.
 */

/** The category of a dues profile decides where the monthly amount comes from (规定第二至七条). */
export const DUES_CATEGORIES = [
  'employed',
  'annual_salary',
  'self_employed',
  'retired',
  'farmer',
  'student',
  'unemployed',
  'hardship_reduced',
  'hardship_exempt',
] as const;
export type DuesCategory = (typeof DUES_CATEGORIES)[number];

export const DUES_CATEGORY_LABELS: Record<DuesCategory, string> = {
  employed: '在职（按月工资）',
  annual_salary: '年薪制',
  self_employed: '个体及无固定工资收入',
  retired: '离退休',
  farmer: '农民',
  student: '学生',
  unemployed: '下岗失业、领取救济或低保',
  hardship_reduced: '生活困难减交',
  hardship_exempt: '生活困难免交',
};

/** Categories whose amount is a bracket rate of a monthly base (the base is required). */
export const BASE_CATEGORIES: readonly DuesCategory[] = [
  'employed',
  'annual_salary',
  'self_employed',
  'retired',
];
/** Categories whose amount the branch sets on the profile (farmers within the range, hardship reduced). */
export const SET_AMOUNT_CATEGORIES: readonly DuesCategory[] = ['farmer', 'hardship_reduced'];
/** Categories that take effect only once the higher committee approves (规定第七条). */
export const APPROVAL_CATEGORIES: readonly DuesCategory[] = ['hardship_reduced', 'hardship_exempt'];

/** What the base means per category, for the form and the import template. */
export const DUES_BASE_HINTS: Partial<Record<DuesCategory, string>> = {
  employed: '工资收入中相对固定、经常性的部分，扣除个人所得税后（第一条）',
  annual_salary: '当月实际领取的薪酬（第三条）',
  self_employed: '上一季度月平均纯收入（第四条）',
  retired: '实际领取的离退休费总额（第五条）',
};

export const LEDGER_STATUSES = ['paid', 'partial', 'unpaid', 'exempt', 'unset'] as const;
export type LedgerStatus = (typeof LEDGER_STATUSES)[number];
export const LEDGER_STATUS_LABELS: Record<LedgerStatus, string> = {
  paid: '已交清',
  partial: '部分交纳',
  unpaid: '未交',
  exempt: '免交',
  unset: '未核定',
};

export const PAYMENT_METHODS = ['cash', 'transfer', 'online'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export const PAYMENT_METHOD_LABELS: Record<PaymentMethod, string> = {
  cash: '现金',
  transfer: '转账',
  online: '线上支付',
};

/** A regular monthly payment settles the ledger; a voluntary extra (第十一条) is kept apart. */
export const PAYMENT_KINDS = ['regular', 'voluntary'] as const;
export type PaymentKind = (typeof PAYMENT_KINDS)[number];
export const PAYMENT_KIND_LABELS: Record<PaymentKind, string> = {
  regular: '按月交纳',
  voluntary: '自愿多交',
};

/** What the branch decided on a member flagged for 6 consecutive unpaid months (党章第九条). */
export const LAPSE_DECISIONS = ['deadline_set', 'reason_accepted', 'treated_as_left'] as const;
export type LapseDecision = (typeof LAPSE_DECISIONS)[number];
export const LAPSE_DECISION_LABELS: Record<LapseDecision, string> = {
  deadline_set: '批评教育，限期改正',
  reason_accepted: '确有正当理由，不按自行脱党处理',
  treated_as_left: '按自行脱党处理，予以除名（报上级党委批准）',
};

/** Where a member stands in the arrears list. */
export const ARREARS_LEVELS = ['lapse', 'warning', 'arrears'] as const;
export type ArrearsLevel = (typeof ARREARS_LEVELS)[number];
export const ARREARS_LEVEL_LABELS: Record<ArrearsLevel, string> = {
  lapse: '连续6个月未交，待党支部决定',
  warning: '连续未交，须批评教育、限期改正',
  arrears: '有欠交',
};

/** A run of unpaid months that reached a level (see runs.ts), and where it stands. */
export const RUN_LEVEL_LABELS: Record<'warning' | 'lapse', string> = {
  warning: '连续未交，应批评教育、限期改正',
  lapse: '连续6个月未交，须党支部研究决定（党章第九条）',
};
export const RUN_STATUSES = ['open', 'decided', 'withdrawn'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const RUN_STATUS_LABELS: Record<RunStatus, string> = {
  open: '待党支部决定',
  decided: '党支部已决定',
  withdrawn: '已撤销（记录更正）',
};
