/**
 * The catalog: every regulation the organization and member modules enforce, as data.
 *
 * Sources: the Party Constitution, 支部工作条例 and the 2018 任期意见, 党员教育管理工作条例 and the usual
 * defaults where no text fixes a number; each rule carries its citation and how sure we are of it
 * (docs/rules.md is generated from this file). Abbreviations avoided in
 * citations on purpose: the citation is shown to users next to a violation.
 *
 * Rules that restate the Party Constitution (党章) are not configurable: no deployment may decide that
 * two full members make a branch. Rules worded "一般" in their source, or known only from secondary
 * sources, are configurable so that a deployment can follow its higher committee or a corrected
 * reading without a code change.
 */
import type { RuleDef } from './types.js';

/** The value type of every rule, by id. Adding a rule starts here. */
export interface RuleValues {
  'branch.minFullMembers': number;
  'branch.maxMembers': number;
  'branch.committeeRequiredAt': number;
  'branch.committeeSize': { min: number; max: number; hardMax: number };
  'jointBranch.maxUnits': number;
  'generalBranch.memberRange': { min: number; max: number };
  'committee.grassrootsThreshold': number;
  'org.secretaryRequired': boolean;
  'term.branchYears': number;
  'term.generalBranchYears': number;
  'term.villageCommunityYears': number;
  'term.committeeYears': number;
  'term.constitutionRange': { min: number; max: number };
  'term.maxDelayMonths': number;
  'term.reminderLeadMonths': number;
  'member.minJoinAge': number;
  'member.probationMonths': number;
  'member.probationExtension': { minMonths: number; maxMonths: number };
  'member.probationaryElectable': boolean;
  'member.lostContactSuspendMonths': number;
  'orglife.generalMeetingPeriod': number;
  'orglife.committeeMeetingPeriod': number;
  'orglife.groupMeetingPeriod': number;
  'orglife.partyLecturePeriod': number;
  'orglife.secretaryLecturesPerYear': number;
  'orglife.themeDayPeriod': number;
  'orglife.lifeMeetingPeriod': number;
  'orglife.memberReviewPeriod': number;
  'orglife.heartTalksPerYear': number;
  'orglife.exemptFoundedOrDissolvedInPeriod': boolean;
  'orglife.checkinValidHours': number;
  'orglife.checkinOfflineGraceHours': number;
  'orglife.checkinClockSkewMinutes': number;
  'orglife.trackingStartMonth': number;
  'orglife.reminderLeadDays': number;
  'development.version': number;
  'development.talkWithinMonths': number;
  'development.applicationMinMonthsBeforeActivist': number;
  'development.mentorCount': { min: number; max: number };
  'development.activistAssessmentMonths': number;
  'development.activistMinMonths': number;
  'development.publicNoticeWorkingDays': number;
  'development.trainingMinDays': number;
  'development.trainingMinHours': number;
  'development.sponsorCount': number;
  'development.voteAfterPreReviewMonths': number;
  'development.approvalMonths': { normal: number; max: number };
  'development.oathWithinMonths': number;
  'development.confirmationApprovalMonths': number;
  'development.reminderLeadDays': number;
  'development.probationEndingDays': number;
  'vote.quorumShare': { num: number; den: number };
  'vote.passShare': { num: number; den: number };
  'committee.meetingQuorum': { num: number; den: number };
  'dues.employedBrackets': { upTo1: number; upTo2: number; upTo3: number };
  'dues.employedRates': { r1: number; r2: number; r3: number; r4: number };
  'dues.retiredThreshold': number;
  'dues.retiredRates': { r1: number; r2: number };
  'dues.flatAmount': number;
  'dues.farmerRange': { min: number; max: number };
  'dues.roundingUnit': number;
  'dues.backpayMaxMonths': number;
  'dues.warningMonths': number;
  'dues.lapseMonths': number;
  'dues.advanceMonths': number;
  'dues.largeVoluntary': number;
  'dues.onlineOrderMinutes': number;
  'dues.callbackSkewMinutes': number;
  'dues.reconcileAfterMinutes': number;
  'password.minLength': number;
  'password.minClasses': number;
  'password.historyCount': number;
  'password.maxAgeDays': number;
  'accounts.activationValidDays': number;
  'accounts.activationMaxAttempts': number;
  'accounts.activationLockMinutes': number;
  'accounts.smsValidMinutes': number;
  'accounts.smsMaxAttempts': number;
  'accounts.smsPhoneIntervalSeconds': number;
  'accounts.smsPhoneDailyMax': number;
  'accounts.smsIpHourlyMax': number;
  'learning.memberYearlyHours': number;
  'learning.leaderYearlyHours': number;
  'learning.newSecretaryTrainingMonths': number;
  'learning.probationaryTrainingRequired': boolean;
  'learning.minutesPerHour': number;
  'learning.heartbeatSeconds': number;
  'learning.heartbeatMaxGapSeconds': number;
  'learning.sessionIdleMinutes': number;
  'learning.dailyOnlineCapMinutes': number;
  'learning.classCompletionPercent': number;
  'learning.oddHours': { from: number; to: number };
  'learning.paceReminderFromMonth': number;
  'learning.newSecretaryNoticeDays': number;
  'learning.newSecretaryListedMonths': number;
  'points.meetingAttended': PointsSource;
  'points.meetingAbsent': PointsSource;
  'points.duesOnTime': PointsSource;
  'points.duesLate': PointsSource;
  'points.studyPerHour': PointsSource;
  'points.classCompleted': PointsSource;
  'points.awardMax': number;
  'points.rankingsVisibleToMembers': boolean;
  'points.outlierFactor': number;
  'points.outlierMinSpread': number;
  'points.outlierMinBranch': number;
}

/**
 * A point source of the catalog (issue #20): the points one record earns (or, for a deduction, takes
 * away), and at most how many the source gives a member in one day and in one year. Non-decreasing
 * in this order, so a cap below one record's value cannot be set.
 */
export interface PointsSource {
  value: number;
  daily: number;
  yearly: number;
}

export type RuleId = keyof RuleValues;

/** The rules in force: `rules['branch.minFullMembers']` is a number, `rules['branch.committeeSize'].min` too. */
export type Rules = { readonly [K in RuleId]: Readonly<RuleValues[K]> };

type CatalogEntries = { [K in RuleId]: Omit<RuleDef<RuleValues[K]>, 'id'> };

const PC = '《中国共产党章程》';
const BRANCH_REG = '《中国共产党支部工作条例（试行）》';
const TERM_OPINION = '中共中央办公厅《关于党的基层组织任期的意见》（2018年）';
const SECTOR_REG = '各领域党的基层组织工作条例（如国有企业、党和国家机关基层组织工作条例），具体条款未核实';
const DEV_REG = '《中国共产党发展党员工作细则》';

// Meeting frequencies are stored as months per period (1, 3, 6 or 12) rather than as 'month' |
// 'quarter' | …: the rule schema (and the settings editor built from it) knows only integers,
// booleans and ordered objects, and a months count fits the integer schema without changing either.
// src/domain/orglife/periods.ts maps the count to a calendar period and refuses any other number.
const PERIOD_NOTE = '取值为每个考核周期的月数：1＝每月、3＝每季度、6＝每半年、12＝每年（其他数值无效）。';
// A period is a calendar month, quarter, half-year or year (src/domain/orglife/periods.ts).
const PERIOD_SCHEMA = { type: 'integer', min: 1, max: 12, allowed: [1, 3, 6, 12] } as const;
// "More than half" as a fraction with a strict comparison: met when count × den > total × num.
const MORE_THAN_HALF = { num: 1, den: 2 };
const SHARE_SCHEMA = { type: 'ordered', keys: ['num', 'den'], min: 1, max: 100 } as const;

const DUES_REG = '《关于中国共产党党费收缴、使用和管理的规定》（中组发〔2008〕3号）';
// 等保 2.0 asks for complexity and periodic change but fixes no number: the values below are the
// usual reading of 测评 practice, hence configurable and marked uncertain (src/domain/auth/passwordPolicy.ts).
const DJBH_IDENT =
  'GB/T 22239-2019《信息安全技术 网络安全等级保护基本要求》8.1.4.1 a)（身份鉴别信息具有复杂度要求并定期更换）';

// 等保 2.0 identification b): failed sign-ins are limited; activation and SMS codes are sign-in factors.
// Education (issue #20): the hour targets are the national plan's, not the 条例's (docs/rules.md §4).
const EDU_PLAN = '《2019—2023年全国党员教育培训工作规划》（2024—2028年规划是否沿用未核实）';
const EDU_REG = '《中国共产党党员教育管理工作条例》（2019年）';
// Points (积分) are a local practice (先锋工程, 党员积分制管理): no national text fixes a value.
const POINTS_PRACTICE = '党员积分制管理的通行做法（无全国统一条文，由部署单位确定，决定0044）';
const POINTS_SCHEMA = { type: 'ordered', keys: ['value', 'daily', 'yearly'], min: 0, max: 1000 } as const;

const DJBH_LOGIN_FAIL =
  'GB/T 22239-2019《信息安全技术 网络安全等级保护基本要求》8.1.4.1 b)（应具有登录失败处理功能，应配置并启用结束会话、限制非法登录次数等相关措施）';

const entries: CatalogEntries = {
  'branch.minFullMembers': {
    title: '成立党支部的最少正式党员人数',
    value: 3,
    unit: 'persons',
    citation: `${BRANCH_REG}第四条；${PC}第三十条`,
    confidence: 'verified',
    note: '“有正式党员3人以上的，应当成立党支部”；不足3人的，应成立联合党支部。源自党章，不可修改。',
    configurable: false,
    schema: { type: 'integer', min: 1 },
  },
  'branch.maxMembers': {
    title: '党支部党员人数一般上限',
    value: 50,
    unit: 'persons',
    citation: `${BRANCH_REG}第四条`,
    confidence: 'verified',
    note: '原文为“党员人数一般不超过50人”，属一般性要求，超过时提醒而非禁止；可按上级要求调整。',
    configurable: true,
    schema: { type: 'integer', min: 3, max: 1000 },
  },
  'branch.committeeRequiredAt': {
    title: '应当设立支部委员会的正式党员人数',
    value: 7,
    unit: 'persons',
    citation: `${BRANCH_REG}第六章`,
    confidence: 'secondary',
    note: '正式党员7人以上的党支部应当设立支部委员会；不足7人的不设支委会，设书记1人，必要时设副书记1人。条款号仅见于二手资料。',
    configurable: true,
    schema: { type: 'integer', min: 3, max: 50 },
  },
  'branch.committeeSize': {
    title: '支部委员会人数',
    value: { min: 3, max: 5, hardMax: 7 },
    unit: 'persons',
    citation: `${BRANCH_REG}第六章`,
    confidence: 'secondary',
    note: '“支部委员会由3至5人组成，一般不超过7人”；仅见于二手资料。',
    configurable: true,
    schema: { type: 'ordered', keys: ['min', 'max', 'hardMax'], min: 1, max: 15 },
  },
  'jointBranch.maxUnits': {
    title: '联合党支部一般覆盖单位数上限',
    value: 5,
    unit: 'units',
    citation: `${BRANCH_REG}第二章`,
    confidence: 'secondary',
    note: '联合党支部覆盖单位一般不超过5个；条款号未核实。',
    configurable: true,
    schema: { type: 'integer', min: 2, max: 50 },
  },
  'generalBranch.memberRange': {
    title: '设立党总支的党员人数范围',
    value: { min: 50, max: 100 },
    unit: 'persons',
    citation: SECTOR_REG,
    confidence: 'secondary',
    note: '“党员50人以上、100人以下的，设立党的总支部委员会”。“以上/以下”均含本数，故50人、100人处于两档交界，由上级党组织决定；不足50人因工作需要经上级批准也可设立。边界可配置。',
    configurable: true,
    schema: { type: 'ordered', keys: ['min', 'max'], min: 1, max: 100_000 },
  },
  'committee.grassrootsThreshold': {
    title: '设立基层党委的党员人数',
    value: 100,
    unit: 'persons',
    citation: SECTOR_REG,
    confidence: 'secondary',
    note: '“党员100人以上的，设立党的基层委员会”；不足100人因工作需要经上级批准也可设立。',
    configurable: true,
    schema: { type: 'integer', min: 1, max: 100_000 },
  },
  'org.secretaryRequired': {
    title: '党组织应配备书记',
    value: true,
    citation: `${PC}第三十一条；${BRANCH_REG}第六章`,
    confidence: 'secondary',
    note: '党章规定书记、副书记选举产生后报上级党组织批准；不设支委会的党支部设书记1人（二手资料）。党小组设组长，不适用。',
    configurable: false,
    schema: { type: 'boolean' },
  },
  'term.branchYears': {
    title: '党支部每届任期',
    value: 3,
    unit: 'years',
    citation: TERM_OPINION,
    confidence: 'verified',
    note: '党支部委员会每届任期一般为3年（村、社区党组织除外）；可在党章规定的3至5年内调整。',
    configurable: true,
    schema: { type: 'integer', min: 3, max: 5 },
  },
  'term.generalBranchYears': {
    title: '党总支每届任期',
    value: 3,
    unit: 'years',
    citation: TERM_OPINION,
    confidence: 'verified',
    note: '党总支委员会每届任期一般为3年（村、社区党组织除外）；可在党章规定的3至5年内调整。',
    configurable: true,
    schema: { type: 'integer', min: 3, max: 5 },
  },
  'term.villageCommunityYears': {
    title: '村、社区党组织每届任期',
    value: 5,
    unit: 'years',
    citation: TERM_OPINION,
    confidence: 'verified',
    note: '适用于农村、社区领域的党支部和党总支，与村（居）民委员会任期一致。',
    configurable: true,
    schema: { type: 'integer', min: 3, max: 5 },
  },
  'term.committeeYears': {
    title: '基层党委每届任期',
    value: 5,
    unit: 'years',
    citation: TERM_OPINION,
    confidence: 'verified',
    note: '党的基层委员会每届任期一般为5年。',
    configurable: true,
    schema: { type: 'integer', min: 3, max: 5 },
  },
  'term.constitutionRange': {
    title: '党章规定的基层组织每届任期范围',
    value: { min: 3, max: 5 },
    unit: 'years',
    citation: `${PC}第三十一条`,
    confidence: 'verified',
    note: '“每届任期三年至五年”。已核对2017年党章文本；未见2022年修改此条的依据。源自党章，不可修改。',
    configurable: false,
    schema: { type: 'ordered', keys: ['min', 'max'], min: 1, max: 10 },
  },
  'term.maxDelayMonths': {
    title: '延期或提前换届的最长期限',
    value: 12,
    unit: 'months',
    citation: `《中国共产党基层组织选举工作条例》（2020年）第三条；${TERM_OPINION}`,
    confidence: 'verified',
    note: '延期或提前换届须经上级党组织批准，期限一般不超过1年。',
    configurable: false,
    schema: { type: 'integer', min: 0, max: 12 },
  },
  'term.reminderLeadMonths': {
    title: '换届提醒提前期',
    value: 6,
    unit: 'months',
    citation: '换届提醒机制（旗帜网2021年12月27日转述，一般认为出自支部工作条例，出处未核实）',
    confidence: 'secondary',
    note: '“上级党组织对任期届满的党支部，一般提前6个月……提醒做好换届准备”；出处条例未核实，可配置。',
    configurable: true,
    schema: { type: 'integer', min: 1, max: 24 },
  },
  'member.minJoinAge': {
    title: '申请入党的最低年龄',
    value: 18,
    unit: 'age',
    citation: `${PC}第一条；${DEV_REG}第五条`,
    confidence: 'verified',
    note: '年满十八岁方可申请入党，因此入党（支部大会通过为预备党员）时也应年满十八周岁。源自党章，不可修改。',
    configurable: false,
    schema: { type: 'integer', min: 1, max: 100 },
  },
  'member.probationMonths': {
    title: '预备期',
    value: 12,
    unit: 'months',
    citation: `${PC}第七条`,
    confidence: 'verified',
    note: '预备期为一年，自支部大会通过其为预备党员之日算起；党龄自预备期满转为正式党员之日算起。',
    configurable: false,
    schema: { type: 'integer', min: 1, max: 24 },
  },
  'member.probationExtension': {
    title: '延长预备期的期限',
    value: { minMonths: 6, maxMonths: 12 },
    unit: 'months',
    citation: `${PC}第七条；${DEV_REG}（2014年）第三十二条至第三十三条、（2026年修订）第三十一条至第三十二条`,
    confidence: 'verified',
    note: '只能延长一次，最长不超过一年（党章）；不能少于半年（细则）。2026年修订稿条文仅见于二手资料。',
    configurable: false,
    schema: { type: 'ordered', keys: ['minMonths', 'maxMonths'], min: 1, max: 12 },
  },
  'member.probationaryElectable': {
    title: '预备党员是否有被选举权',
    value: false,
    citation: `${PC}第七条`,
    confidence: 'verified',
    note: '预备党员没有表决权、选举权和被选举权，不能当选党组织委员会成员。',
    configurable: false,
    schema: { type: 'boolean' },
  },
  'member.lostContactSuspendMonths': {
    title: '失联停止党籍的期限',
    value: 6,
    unit: 'months',
    citation: '《中国共产党党员教育管理工作条例》第二十四条',
    confidence: 'verified',
    note: '与党组织失去联系6个月以上、通过各种方式查找仍没有联系上的，予以停止党籍；停止党籍2年后仍无法取得联系的，按自行脱党予以除名。',
    configurable: false,
    schema: { type: 'integer', min: 1, max: 60 },
  },
  'orglife.generalMeetingPeriod': {
    title: '支部党员大会召开周期',
    value: 3,
    unit: 'months',
    citation: `${BRANCH_REG}第十一条`,
    confidence: 'verified',
    note: `原文为“一般每个季度召开1次”。${PERIOD_NOTE}`,
    configurable: true,
    schema: PERIOD_SCHEMA,
  },
  'orglife.committeeMeetingPeriod': {
    title: '支部委员会会议召开周期',
    value: 1,
    unit: 'months',
    citation: `${BRANCH_REG}第十二条`,
    confidence: 'verified',
    note: `原文为“一般每月召开1次，根据需要可以随时召开”；仅适用于设立支部委员会的党支部。${PERIOD_NOTE}`,
    configurable: true,
    schema: PERIOD_SCHEMA,
  },
  'orglife.groupMeetingPeriod': {
    title: '党小组会召开周期',
    value: 1,
    unit: 'months',
    citation: `${BRANCH_REG}第十三条`,
    confidence: 'verified',
    note: `原文为“一般每月召开1次”；每个党小组分别考核。${PERIOD_NOTE}`,
    configurable: true,
    schema: PERIOD_SCHEMA,
  },
  'orglife.partyLecturePeriod': {
    title: '党支部党课周期',
    value: 3,
    unit: 'months',
    citation: '地方通行做法（“每季度1次”），未见于支部工作条例原文',
    confidence: 'uncertain',
    note: `“三会一课”为必须，但党课频次“每季度1次”仅见于地方规定，可按上级要求调整。${PERIOD_NOTE}`,
    configurable: true,
    schema: PERIOD_SCHEMA,
  },
  'orglife.secretaryLecturesPerYear': {
    title: '党支部书记每年讲党课次数',
    value: 1,
    unit: 'times',
    citation: '地方通行做法，未见全国性条文；支部工作条例第十六条规定的是党委（党组）书记每年至少讲1次党课',
    confidence: 'memory',
    note: '全国性条文约束的是党委（党组）书记，党支部书记“每年至少1次”来自地方规定，待核实；设为0即不考核。',
    configurable: true,
    schema: { type: 'integer', min: 0, max: 12 },
  },
  'orglife.themeDayPeriod': {
    title: '主题党日周期',
    value: 1,
    unit: 'months',
    citation: `${BRANCH_REG}第十六条附近（条款号未核实）`,
    confidence: 'secondary',
    note: `每月相对固定1天开展主题党日；仅见于二手资料。${PERIOD_NOTE}`,
    configurable: true,
    schema: PERIOD_SCHEMA,
  },
  'orglife.lifeMeetingPeriod': {
    title: '组织生活会周期',
    value: 12,
    unit: 'months',
    citation: `${BRANCH_REG}第十七条`,
    confidence: 'secondary',
    note: `每年至少召开1次，一般安排在第四季度，可以党员大会、支委会或党小组会形式召开；仅见于二手资料。${PERIOD_NOTE}`,
    configurable: true,
    schema: PERIOD_SCHEMA,
  },
  'orglife.memberReviewPeriod': {
    title: '民主评议党员周期',
    value: 12,
    unit: 'months',
    citation: `${BRANCH_REG}第十八条附近（条款号未核实）`,
    confidence: 'secondary',
    note: `一般每年开展1次，可与组织生活会结合进行；仅见于二手资料。${PERIOD_NOTE}`,
    configurable: true,
    schema: PERIOD_SCHEMA,
  },
  'orglife.heartTalksPerYear': {
    title: '每年谈心谈话次数',
    value: 1,
    unit: 'times',
    citation: `${BRANCH_REG}第十九条附近（条款号未核实）`,
    confidence: 'secondary',
    note: '支委成员之间、支委成员和党员之间、党员和党员之间一般每年至少谈心谈话1次；仅见于二手资料。',
    configurable: true,
    schema: { type: 'integer', min: 1, max: 12 },
  },
  'orglife.exemptFoundedOrDissolvedInPeriod': {
    title: '周期内成立或撤销的组织免于当期考核',
    value: true,
    citation: '本系统考核口径（无条文依据），由部署单位按上级要求确定',
    confidence: 'uncertain',
    note: '在考核周期中间成立（不含首日）或撤销（不含末日）的组织，当期不要求召开；设为“否”则照常考核。',
    configurable: true,
    schema: { type: 'boolean' },
  },
  'orglife.trackingStartMonth': {
    title: '组织生活考核起始月份',
    value: 202601,
    citation: '本系统考核口径（无条文依据），由部署单位按上线时间确定',
    confidence: 'uncertain',
    note: '六位年月（如202601）。从该月起开始的考核周期才计入合规统计；此前的会议记录照常保存和查询，但不据以判定“未完成”，以免系统上线前未录入的会议被误判。',
    configurable: true,
    schema: { type: 'integer', min: 200001, max: 209912, format: 'yyyymm' },
  },
  'orglife.checkinValidHours': {
    title: '会议签到码的有效时长',
    value: 2,
    unit: 'hours',
    citation: '本系统签到口径（无条文依据）',
    confidence: 'uncertain',
    note: '每个签到码自会议开始时间起（会议开始后生成的，自生成时起）在此时长内有效。会议当天结束前可随时生成新的签到码，此前生成的（如打印张贴的）仍然有效，直至过期、被撤销或会议记录提交；过期后不能再扫码签到，仍可由支部在会议记录中登记出席情况。',
    configurable: true,
    schema: { type: 'integer', min: 1, max: 24 },
  },
  'orglife.checkinOfflineGraceHours': {
    title: '离线签到的送达期限',
    value: 24,
    unit: 'hours',
    citation: '本系统规定（无条文依据，决定0042）',
    confidence: 'uncertain',
    note: '手机在无信号时扫码，签到暂存在手机上，联网后自动提交。服务器只接受扫码时间在签到码有效期内（生成之后、过期之前）的离线签到，且须在签到码过期后此时长内送达；逾期未送达的，由支部在会议记录中登记出席情况。会议记录提交后不再接受。',
    configurable: true,
    schema: { type: 'integer', min: 1, max: 168 },
  },
  'orglife.checkinClockSkewMinutes': {
    title: '离线签到允许的手机时钟偏差',
    value: 5,
    unit: 'minutes',
    citation: '本系统规定（无条文依据，决定0042）',
    confidence: 'uncertain',
    note: '离线签到的扫码时间由手机时钟记录。扫码时间晚于服务器当前时间超过此偏差的，视为手机时钟有误，不予接受。',
    configurable: true,
    schema: { type: 'integer', min: 0, max: 60 },
  },
  'orglife.reminderLeadDays': {
    title: '组织生活到期提醒提前天数',
    value: 14,
    unit: 'days',
    citation: '本系统提醒口径（无条文依据），由部署单位确定',
    confidence: 'uncertain',
    note: '考核周期结束前多少天（含当天）起，每日提醒任务向党组织书记发送待完成事项提醒。',
    configurable: true,
    schema: { type: 'integer', min: 1, max: 60 },
  },
  'development.version': {
    title: '发展党员工作细则版本（新立案件适用）',
    value: 2026,
    citation: `${DEV_REG}（2014年5月；2026年5月修订）`,
    confidence: 'secondary',
    note: '2026年5月中办印发修订后的细则，新立的发展案件默认适用2026年版；已立案件保留立案时的版本。2026年版条文目前仅见于二手资料，部署单位可在核对官方文本前选用2014年版。',
    configurable: true,
    schema: { type: 'integer', min: 2014, max: 2026, allowed: [2014, 2026] },
  },
  'development.talkWithinMonths': {
    title: '收到入党申请后派人谈话的期限',
    value: 1,
    unit: 'months',
    citation: `${DEV_REG}第七条`,
    confidence: 'verified',
    note: '党组织收到入党申请书后，应当在一个月内派人同入党申请人谈话。逾期仍可登记谈话，但标记为超期。',
    configurable: false,
    schema: { type: 'integer', min: 1, max: 12 },
  },
  'development.applicationMinMonthsBeforeActivist': {
    title: '递交申请至确定入党积极分子的最短间隔（地方做法）',
    value: 0,
    unit: 'months',
    citation: '地方做法（如“递交申请满半年方可确定为入党积极分子”），细则无此规定',
    confidence: 'uncertain',
    note: '0表示不限制（全国细则未规定）。上级党委有此要求的，可设为6。',
    configurable: true,
    schema: { type: 'integer', min: 0, max: 24 },
  },
  'development.mentorCount': {
    title: '培养联系人人数',
    value: { min: 1, max: 2 },
    unit: 'persons',
    citation: `${DEV_REG}第九条`,
    confidence: 'secondary',
    note: '党组织应当指定一至两名正式党员作为入党积极分子的培养联系人。',
    configurable: false,
    schema: { type: 'ordered', keys: ['min', 'max'], min: 1, max: 5 },
  },
  'development.activistAssessmentMonths': {
    title: '入党积极分子（预备党员）考察间隔',
    value: 6,
    unit: 'months',
    citation: `${DEV_REG}第十一条`,
    confidence: 'secondary',
    note: '党支部每半年对入党积极分子进行一次考察；超过间隔未考察的列入“逾期”。预备党员的继续教育考察按同一间隔提醒。季度思想汇报属地方做法，不在此列。',
    configurable: true,
    schema: { type: 'integer', min: 1, max: 12 },
  },
  'development.activistMinMonths': {
    title: '入党积极分子培养教育满多久方可列为发展对象',
    value: 12,
    unit: 'months',
    citation: `${DEV_REG}第十三条`,
    confidence: 'verified',
    note: '对经过一年以上培养教育和考察、基本具备党员条件的入党积极分子，可列为发展对象：最早为确定积极分子之日起满一年的当日。',
    configurable: false,
    schema: { type: 'integer', min: 1, max: 36 },
  },
  'development.publicNoticeWorkingDays': {
    title: '发展对象公示期（2026年版）',
    value: 5,
    unit: 'working_days',
    citation: `${DEV_REG}（2026年修订）第十三条`,
    confidence: 'secondary',
    note: '支委会讨论、报上级党委同意后，在一定范围内公示，公示期不少于五个工作日；工作日按国务院当年节假日安排（含调休上班日）计算。条文仅见于二手资料。2014年版无此要求。',
    configurable: true,
    schema: { type: 'integer', min: 1, max: 30 },
  },
  'development.trainingMinDays': {
    title: '发展对象集中培训最少天数',
    value: 3,
    unit: 'days',
    citation: `${DEV_REG}（2014年）第十八条、（2026年修订）第十七条`,
    confidence: 'secondary',
    note: '集中培训一般不少于三天（或不少于二十四个学时）：天数或学时满足其一即可。条款号推定。',
    configurable: true,
    schema: { type: 'integer', min: 1, max: 30 },
  },
  'development.trainingMinHours': {
    title: '发展对象集中培训最少学时',
    value: 24,
    unit: 'hours',
    citation: `${DEV_REG}（2014年）第十八条、（2026年修订）第十七条`,
    confidence: 'secondary',
    note: '与“不少于三天”二者满足其一即可。',
    configurable: true,
    schema: { type: 'integer', min: 1, max: 240 },
  },
  'development.sponsorCount': {
    title: '入党介绍人人数',
    value: 2,
    unit: 'persons',
    citation: `${PC}第五条；${DEV_REG}第十四条、第十五条`,
    confidence: 'verified',
    note: '要有两名正式党员作介绍人；预备党员和受留党察看处分、尚未恢复党员权利的党员不能作介绍人。源自党章，不可修改。',
    configurable: false,
    schema: { type: 'integer', min: 2, max: 2 },
  },
  'development.voteAfterPreReviewMonths': {
    title: '预审通过后提交支部党员大会讨论的期限（2026年版）',
    value: 1,
    unit: 'months',
    citation: `${DEV_REG}（2026年修订）第十九条`,
    confidence: 'secondary',
    note: '2026年版新增：预审通过后一个月内提交支部党员大会讨论。逾期仍可表决，但标记为超期。2014年版无此期限。',
    configurable: true,
    schema: { type: 'integer', min: 1, max: 6 },
  },
  'development.approvalMonths': {
    title: '上级党委审批接收预备党员的期限',
    value: { normal: 3, max: 6 },
    unit: 'months',
    citation: `${DEV_REG}（2014年）第二十六条（条款号未核实）、（2026年修订）第二十五条`,
    confidence: 'secondary',
    note: '自支部党员大会通过之日起三个月内审批；因特殊情况可适当延长审批时间，但不得超过六个月（须说明原因）。2026年版是否保留“六个月”仅见于二手资料。',
    configurable: false,
    schema: { type: 'ordered', keys: ['normal', 'max'], min: 1, max: 12 },
  },
  'development.oathWithinMonths': {
    title: '批准后组织入党宣誓的期限（2026年版，未核实）',
    value: 1,
    unit: 'months',
    citation: `${DEV_REG}（2026年修订）第二十九条（仅见于单一二手资料）`,
    confidence: 'uncertain',
    note: '“一般应在一个月内”仅见于一个第三方代码库，只作提醒、不作硬性限制；2014年版无此期限。',
    configurable: true,
    schema: { type: 'integer', min: 1, max: 12 },
  },
  'development.confirmationApprovalMonths': {
    title: '上级党委审批预备党员转正的期限',
    value: 3,
    unit: 'months',
    citation: `${DEV_REG}（2014年）第三十四条、（2026年修订）第三十三条`,
    confidence: 'verified',
    note: '自支部党员大会讨论之日起三个月内审批；逾期须说明原因并标记为超期。',
    configurable: false,
    schema: { type: 'integer', min: 1, max: 12 },
  },
  'development.reminderLeadDays': {
    title: '发展党员时限提醒提前天数',
    value: 14,
    unit: 'days',
    citation: '本系统提醒口径（无条文依据），由部署单位确定',
    confidence: 'uncertain',
    note: '期限到期前多少天起，每日提醒任务向党支部书记（审批类向上级党委）发送提醒。',
    configurable: true,
    schema: { type: 'integer', min: 1, max: 60 },
  },
  'development.probationEndingDays': {
    title: '预备期即将期满的提示天数',
    value: 60,
    unit: 'days',
    citation: '本系统提醒口径（无条文依据），由部署单位确定',
    confidence: 'uncertain',
    note: '预备期在多少天内期满的预备党员列入“预备期即将期满”名单并提醒党支部，以便及时讨论转正（党章第七条要求及时讨论）。',
    configurable: true,
    schema: { type: 'integer', min: 7, max: 180 },
  },
  'vote.quorumShare': {
    title: '党员大会表决的到会人数要求',
    value: MORE_THAN_HALF,
    citation: `${BRANCH_REG}第十一条`,
    confidence: 'verified',
    note: '“表决必须有半数以上有表决权的党员到会方可进行”：到会的有表决权党员须超过应到会有表决权党员的半数（严格大于）。预备党员没有表决权。',
    configurable: false,
    schema: SHARE_SCHEMA,
  },
  'vote.passShare': {
    title: '党员大会表决的通过要求',
    value: MORE_THAN_HALF,
    citation: `${BRANCH_REG}第十一条；${DEV_REG}`,
    confidence: 'verified',
    note: '“赞成人数超过应到会有表决权的党员的半数为通过”：分母是应到会的有表决权党员，不是实到人数（严格大于）。',
    configurable: false,
    schema: SHARE_SCHEMA,
  },
  'committee.meetingQuorum': {
    title: '支部委员会会议的到会人数要求',
    value: MORE_THAN_HALF,
    citation: `${BRANCH_REG}第十二条`,
    confidence: 'verified',
    note: '支委会须有半数以上委员到会方可召开，按超过委员总数的半数（严格大于）计算。',
    configurable: false,
    schema: SHARE_SCHEMA,
  },
  'dues.employedBrackets': {
    title: '在职党员党费基数的分档上限（税后月收入）',
    value: { upTo1: 300000, upTo2: 500000, upTo3: 1000000 },
    unit: 'fen',
    citation: `${DUES_REG}第二条`,
    confidence: 'verified',
    note: '3000元（含）以下、3000元以上至5000元（含）、5000元以上至10000元（含）、10000元以上四档；以分计。年薪制（第三条）和个体等无固定工资收入的党员（第四条）按同一分档。',
    configurable: false,
    schema: { type: 'ordered', keys: ['upTo1', 'upTo2', 'upTo3'], min: 1 },
  },
  'dues.employedRates': {
    title: '在职党员各档交纳比例',
    value: { r1: 50, r2: 100, r3: 150, r4: 200 },
    unit: 'permyriad',
    citation: `${DUES_REG}第二条`,
    confidence: 'verified',
    note: '以万分之计：0.5%、1%、1.5%、2%。“交纳月工资收入的X%”：所在档的比例适用于全部基数，不是超额累进。',
    configurable: false,
    schema: { type: 'ordered', keys: ['r1', 'r2', 'r3', 'r4'], min: 0, max: 10000 },
  },
  'dues.retiredThreshold': {
    title: '离退休党员党费的分档线（月离退休费）',
    value: 500000,
    unit: 'fen',
    citation: `${DUES_REG}第五条`,
    confidence: 'verified',
    note: '以实得离退休费总额为基数，5000元（含）以下按0.5%，5000元以上按1%。',
    configurable: false,
    schema: { type: 'integer', min: 1 },
  },
  'dues.retiredRates': {
    title: '离退休党员交纳比例',
    value: { r1: 50, r2: 100 },
    unit: 'permyriad',
    citation: `${DUES_REG}第五条`,
    confidence: 'verified',
    note: '以万分之计：0.5%、1%，适用于全部基数。',
    configurable: false,
    schema: { type: 'ordered', keys: ['r1', 'r2'], min: 0, max: 10000 },
  },
  'dues.flatAmount': {
    title: '学生、下岗失业、领取低保党员每月交纳额',
    value: 20,
    unit: 'fen',
    citation: `${DUES_REG}第六条`,
    confidence: 'verified',
    note: '每月0.2元。',
    configurable: false,
    schema: { type: 'integer', min: 0 },
  },
  'dues.farmerRange': {
    title: '农民党员每月交纳额的范围',
    value: { min: 20, max: 100 },
    unit: 'fen',
    citation: `${DUES_REG}第六条`,
    confidence: 'verified',
    note: '每月0.2元至1元，具体数额由党支部在此范围内确定（记在党员的党费档案上）。',
    configurable: false,
    schema: { type: 'ordered', keys: ['min', 'max'], min: 0 },
  },
  'dues.roundingUnit': {
    title: '党费计算结果的取整单位',
    value: 1,
    unit: 'fen',
    citation: `${DUES_REG}第二条（规定未明确取整方式，此为本系统默认）`,
    confidence: 'uncertain',
    note: '基数×比例后四舍五入到该单位：1＝到分、10＝到角、100＝到元。规定只给出比例，未规定取整；默认到分，部分地方取整到角或元，可按上级党委要求调整。调整只影响此后计算的月份，已生成的台账不变。',
    configurable: true,
    schema: { type: 'integer', min: 1, max: 100, allowed: [1, 10, 100] },
  },
  'dues.backpayMaxMonths': {
    title: '补交党费的一般期限',
    value: 6,
    unit: 'months',
    citation: `${DUES_REG}第十二条`,
    confidence: 'verified',
    note: '“补交党费的时间一般不得超过6个月”：欠交超过该月数的月份在台账和欠费名单中单独标出；仍可补交，登记时提示。',
    configurable: true,
    schema: { type: 'integer', min: 1, max: 24 },
  },
  'dues.warningMonths': {
    title: '连续未交党费提醒的月数',
    value: 3,
    unit: 'months',
    citation: `${DUES_REG}第十三条（“批评教育，限期改正”；月数为本系统默认）`,
    confidence: 'uncertain',
    note: '连续该月数未交纳的党员列入欠费名单并提醒党支部进行批评教育、限期改正。规定未给出月数，默认3个月，可调整。',
    configurable: true,
    schema: { type: 'integer', min: 1, max: 5 },
  },
  'dues.lapseMonths': {
    title: '连续不交纳党费按自行脱党处理的月数',
    value: 6,
    unit: 'months',
    citation: `《中国共产党章程》第九条；${DUES_REG}第十三条`,
    confidence: 'verified',
    note: '没有正当理由，连续6个月不交纳党费的，按自行脱党处理：系统标出，由党支部研究决定并记录决定；除名须报上级党委批准。只计分文未交的月份。',
    configurable: false,
    schema: { type: 'integer', min: 1 },
  },
  'dues.advanceMonths': {
    title: '可提前交纳的月数',
    value: 2,
    unit: 'months',
    citation: `${DUES_REG}第十二条（按季度交纳须经党支部同意；月数为本系统默认）`,
    confidence: 'uncertain',
    note: '党费按月交纳，经党支部同意可按季度交纳：默认最多提前交纳本月之后2个月（一个季度）。',
    configurable: true,
    schema: { type: 'integer', min: 0, max: 12 },
  },
  'dues.largeVoluntary': {
    title: '一次性自愿多交党费全额上缴中央的数额',
    value: 100000,
    unit: 'fen',
    citation: `${DUES_REG}第十一条`,
    confidence: 'verified',
    note: '一次性自愿多交党费1000元以上的，全部上缴中央，在汇总中单列。',
    configurable: false,
    schema: { type: 'integer', min: 1 },
  },
  'dues.onlineOrderMinutes': {
    title: '党费在线缴纳订单的有效时间',
    value: 30,
    unit: 'minutes',
    citation: '本系统设置（支付机构的订单一般在30分钟至2小时内关闭，如微信支付 time_expire）',
    confidence: 'uncertain',
    note: '党员发起在线缴纳后须在此时间内完成支付，逾期订单由对账关闭，可重新发起。',
    configurable: true,
    schema: { type: 'integer', min: 5, max: 120 },
  },
  'dues.callbackSkewMinutes': {
    title: '支付结果通知的时间戳允许偏差',
    value: 5,
    unit: 'minutes',
    citation: '微信支付API v3 签名验证说明（应答时间戳与当前时间相差不超过5分钟）',
    confidence: 'secondary',
    note: '通知所带时间戳与服务器时间相差超过此值的，视为过期通知，不入账并记录。',
    configurable: false,
    schema: { type: 'integer', min: 1, max: 30 },
  },
  'dues.reconcileAfterMinutes': {
    title: '在线缴纳订单待对账的时间',
    value: 10,
    unit: 'minutes',
    citation: '本系统设置（支付机构建议未收到通知时主动查询订单）',
    confidence: 'uncertain',
    note: '订单创建超过此时间仍未收到支付结果通知的，对账时向支付机构查询，已支付的入账，过期的关闭。',
    configurable: true,
    schema: { type: 'integer', min: 1, max: 1440 },
  },
  'password.minLength': {
    title: '登录密码的最少位数',
    value: 10,
    citation: DJBH_IDENT,
    confidence: 'uncertain',
    note: '标准只要求“具有复杂度要求”，未规定位数；默认10位（常见测评要求为8位以上），可按本单位安全管理制度调整。',
    configurable: true,
    schema: { type: 'integer', min: 8, max: 64 },
  },
  'password.minClasses': {
    title: '登录密码至少包含的字符类别数',
    value: 3,
    citation: DJBH_IDENT,
    confidence: 'uncertain',
    note: '四类：大写字母、小写字母、数字、其他符号。默认至少3类；另一律拒绝4个及以上相同、连续（1234、abcd）或键盘相邻（qwer）的字符和包含用户名的密码（不可配置）。',
    configurable: true,
    schema: { type: 'integer', min: 2, max: 4 },
  },
  'password.historyCount': {
    title: '新密码不得与最近几次密码相同',
    value: 5,
    unit: 'times',
    citation: DJBH_IDENT,
    confidence: 'uncertain',
    note: '“定期更换”的配套要求：修改密码时不得重复使用当前及最近的密码。默认5次；0为不检查。',
    configurable: true,
    schema: { type: 'integer', min: 0, max: 24 },
  },
  'password.maxAgeDays': {
    title: '登录密码的有效天数',
    value: 90,
    unit: 'days',
    citation: DJBH_IDENT,
    confidence: 'uncertain',
    note: '标准要求“定期更换”，未规定周期；默认90天，到期后登录只能先修改密码。0为不过期（NIST SP 800-63B 不建议定期强制更换，部署方可按测评意见选择）。',
    configurable: true,
    schema: { type: 'integer', min: 0, max: 3650 },
  },
  // Member accounts (issue #19, docs/decisions/0039-member-accounts.md): no regulation fixes these
  // numbers; 等保 2.0 asks for "限制非法登录次数" and the limits below are the usual practice.
  'accounts.activationValidDays': {
    title: '账号激活码的有效天数',
    value: 30,
    unit: 'days',
    citation: DJBH_LOGIN_FAIL,
    confidence: 'uncertain',
    note: '书记发放激活码后，党员须在此期限内激活；过期后由书记重新发放。默认30天。',
    configurable: true,
    schema: { type: 'integer', min: 1, max: 365 },
  },
  'accounts.activationMaxAttempts': {
    title: '激活码连续输错（身份证号后6位）的次数上限',
    value: 5,
    unit: 'times',
    citation: DJBH_LOGIN_FAIL,
    confidence: 'uncertain',
    note: '达到上限后该激活码锁定一段时间（见下一条），书记也可重新发放。默认5次。',
    configurable: true,
    schema: { type: 'integer', min: 3, max: 20 },
  },
  'accounts.activationLockMinutes': {
    title: '激活码输错达到上限后的锁定时长',
    value: 30,
    unit: 'minutes',
    citation: DJBH_LOGIN_FAIL,
    confidence: 'uncertain',
    note: '默认30分钟。',
    configurable: true,
    schema: { type: 'integer', min: 1, max: 1440 },
  },
  'accounts.smsValidMinutes': {
    title: '短信验证码的有效分钟数',
    value: 5,
    unit: 'minutes',
    citation: DJBH_LOGIN_FAIL,
    confidence: 'uncertain',
    note: '默认5分钟。',
    configurable: true,
    schema: { type: 'integer', min: 1, max: 30 },
  },
  'accounts.smsMaxAttempts': {
    title: '每个短信验证码可尝试的次数',
    value: 5,
    unit: 'times',
    citation: DJBH_LOGIN_FAIL,
    confidence: 'uncertain',
    note: '输错达到次数后该验证码作废，须重新获取。默认5次。',
    configurable: true,
    schema: { type: 'integer', min: 1, max: 10 },
  },
  'accounts.smsPhoneIntervalSeconds': {
    title: '同一手机号两次获取验证码的最短间隔',
    value: 60,
    unit: 'seconds',
    citation: DJBH_LOGIN_FAIL,
    confidence: 'uncertain',
    note: '防止短信轰炸与费用滥用。默认60秒。',
    configurable: true,
    schema: { type: 'integer', min: 30, max: 600 },
  },
  'accounts.smsPhoneDailyMax': {
    title: '同一手机号24小时内最多获取验证码的次数',
    value: 10,
    unit: 'times',
    citation: DJBH_LOGIN_FAIL,
    confidence: 'uncertain',
    note: '默认10次。',
    configurable: true,
    schema: { type: 'integer', min: 1, max: 50 },
  },
  'accounts.smsIpHourlyMax': {
    title: '同一网络地址每小时最多获取验证码的次数',
    value: 20,
    unit: 'times',
    citation: DJBH_LOGIN_FAIL,
    confidence: 'uncertain',
    note: '同一单位常共用一个出口地址，故较宽松。默认20次。',
    configurable: true,
    schema: { type: 'integer', min: 5, max: 1000 },
  },
  // Education and training (issue #20, decision 0044).
  'learning.memberYearlyHours': {
    title: '党员每年集中学习培训学时（下限）',
    value: 32,
    unit: 'hours',
    citation: EDU_PLAN,
    confidence: 'secondary',
    note: '见于对规划的二手转述，条例本身未写数字；2024—2028年规划是否仍为32学时未核实，故可配置。按年度计，以学时（见“每学时分钟数”）折算。',
    configurable: true,
    schema: { type: 'integer', min: 0, max: 500 },
  },
  'learning.leaderYearlyHours': {
    title: '基层党组织书记和班子成员每年学习培训学时（下限）',
    value: 56,
    unit: 'hours',
    citation: EDU_PLAN,
    confidence: 'secondary',
    note: '书记、副书记和委员（班子成员）当年任职的，适用此目标；同上，未核实新规划是否沿用。',
    configurable: true,
    schema: { type: 'integer', min: 0, max: 500 },
  },
  'learning.newSecretaryTrainingMonths': {
    title: '新任党组织书记须参加培训的期限',
    value: 6,
    unit: 'months',
    citation: `${EDU_PLAN}；${EDU_REG}`,
    confidence: 'secondary',
    note: '“新任书记半年内完成培训”：自任职之日起，期限内须完成一次集中培训（由上级党组织举办）。',
    configurable: true,
    schema: { type: 'integer', min: 1, max: 24 },
  },
  'learning.probationaryTrainingRequired': {
    title: '预备党员须参加上级党组织的集中培训',
    value: true,
    citation: `${EDU_PLAN}；${EDU_REG}`,
    confidence: 'secondary',
    note: '新预备党员一般在预备期内参加一次由上级党组织举办的集中培训；未完成的，在学习进度中列出。',
    configurable: true,
    schema: { type: 'boolean' },
  },
  'learning.minutesPerHour': {
    title: '每学时折合分钟数',
    value: 45,
    unit: 'minutes',
    citation: '培训学时的通行计算口径（无党内条文依据）',
    confidence: 'uncertain',
    note: '一学时按45分钟计为常见口径，也有按50或60分钟计的；按年度适用，改动不改写已记入的学习时长（以秒记）。',
    configurable: true,
    schema: { type: 'integer', min: 30, max: 60 },
  },
  'learning.heartbeatSeconds': {
    title: '在线学习心跳间隔（最短）',
    value: 30,
    unit: 'seconds',
    citation: '本系统规定（无条文依据，决定0044）',
    confidence: 'uncertain',
    note: '学习页面每隔此时间向服务器报告一次（页面是否可见、是否在播放、播放位置）；早于此间隔到达的心跳不计时。每次心跳至多计此间隔的时长。',
    configurable: true,
    schema: { type: 'integer', min: 10, max: 300 },
  },
  'learning.heartbeatMaxGapSeconds': {
    title: '在线学习心跳最长间断',
    value: 90,
    unit: 'seconds',
    citation: '本系统规定（无条文依据，决定0044）',
    confidence: 'uncertain',
    note: '两次心跳相隔超过此时长（断网、手机锁屏），间断的时间不计。',
    configurable: true,
    schema: { type: 'integer', min: 20, max: 900 },
  },
  'learning.sessionIdleMinutes': {
    title: '在线学习会话闲置失效时长',
    value: 10,
    unit: 'minutes',
    citation: '本系统规定（无条文依据，决定0044）',
    confidence: 'uncertain',
    note: '超过此时长没有心跳的学习会话自动结束，须重新开始。',
    configurable: true,
    schema: { type: 'integer', min: 1, max: 120 },
  },
  'learning.dailyOnlineCapMinutes': {
    title: '每人每日在线学习计时上限',
    value: 180,
    unit: 'minutes',
    citation: '本系统规定（无条文依据，决定0044）',
    confidence: 'uncertain',
    note: '一天内在线学习计入的时长不超过此数（按北京时间自然日）；超出部分照常可学，不计学时。',
    configurable: true,
    schema: { type: 'integer', min: 30, max: 720 },
  },
  'learning.classCompletionPercent': {
    title: '集中培训结业的最低出勤比例（默认）',
    value: 80,
    unit: 'percent',
    citation: '培训班结业的通行做法（无党内条文依据）',
    confidence: 'uncertain',
    note: '新建培训班的默认结业条件；每个班可另行设定。出勤天数达到班期天数的此比例即结业，计入该班全部学时。',
    configurable: true,
    schema: { type: 'integer', min: 1, max: 100 },
  },
  'learning.oddHours': {
    title: '异常学习时段（北京时间，时）',
    value: { from: 0, to: 5 },
    citation: '本系统规定（无条文依据，决定0044）',
    confidence: 'uncertain',
    note: '在此时段内（含起点、不含终点）计入的在线学习列为异常待核（不自动扣除）。',
    configurable: true,
    schema: { type: 'ordered', keys: ['from', 'to'], min: 0, max: 24 },
  },
  'learning.paceReminderFromMonth': {
    title: '学时进度落后提醒的起始月份',
    value: 10,
    citation: '本系统提醒口径（无条文依据），由部署单位确定',
    confidence: 'uncertain',
    note: '自该月起（默认第四季度），每日任务提醒学时进度落后于全年目标按月份比例的党员及其支部书记。',
    configurable: true,
    schema: { type: 'integer', min: 1, max: 12 },
  },
  'learning.newSecretaryNoticeDays': {
    title: '新任书记培训期限到期前的提醒天数',
    value: 30,
    unit: 'days',
    citation: '本系统提醒口径（无条文依据），由部署单位确定',
    confidence: 'uncertain',
    note: '新任书记尚未参加上级培训的，期限到期前此天数内提醒一次，逾期时再提醒一次（书记本人及上级党组织）。',
    configurable: true,
    schema: { type: 'integer', min: 1, max: 180 },
  },
  'learning.newSecretaryListedMonths': {
    title: '新任书记逾期未培训的列示月数',
    value: 12,
    unit: 'months',
    citation: '本系统规定（无条文依据，决定0047）',
    confidence: 'uncertain',
    note: '培训期限过后仍未参加上级培训的新任书记，在学时进度的培训情况中继续列示的月数。',
    configurable: true,
    schema: { type: 'integer', min: 1, max: 60 },
  },
  // Points (积分, issue #20, decision 0044): values, daily and yearly caps per source.
  'points.meetingAttended': {
    title: '积分：参加组织生活（每次）',
    value: { value: 2, daily: 4, yearly: 80 },
    citation: POINTS_PRACTICE,
    confidence: 'uncertain',
    note: '出席支部党员大会、党小组会、党课、主题党日等会议，按会议日期计入；会议记录删除或改为缺席的，积分随之冲回。',
    configurable: true,
    schema: POINTS_SCHEMA,
  },
  'points.meetingAbsent': {
    title: '扣分：无故缺席组织生活（每次）',
    value: { value: 2, daily: 4, yearly: 40 },
    citation: POINTS_PRACTICE,
    confidence: 'uncertain',
    note: '会议登记为缺席且未请假的扣分；请假的不扣。',
    configurable: true,
    schema: POINTS_SCHEMA,
  },
  'points.duesOnTime': {
    title: '积分：按月交纳党费（每月）',
    value: { value: 1, daily: 3, yearly: 12 },
    citation: POINTS_PRACTICE,
    confidence: 'uncertain',
    note: '当月党费在当月内交纳的计分（预交的按所交月份计）。',
    configurable: true,
    schema: POINTS_SCHEMA,
  },
  'points.duesLate': {
    title: '扣分：逾期交纳党费（每月）',
    value: { value: 1, daily: 3, yearly: 12 },
    citation: POINTS_PRACTICE,
    confidence: 'uncertain',
    note: '某月党费在次月及以后补交、或至今未交且已过当月的扣分；补交后仍按逾期计。',
    configurable: true,
    schema: POINTS_SCHEMA,
  },
  'points.studyPerHour': {
    title: '积分：学习（每学时）',
    value: { value: 1, daily: 4, yearly: 60 },
    citation: POINTS_PRACTICE,
    confidence: 'uncertain',
    note: '在线学习、集中培训以外的外部学习经批准后，按计入的学时计分（不足一学时的不计）；集中培训另按结业计分。',
    configurable: true,
    schema: POINTS_SCHEMA,
  },
  'points.classCompleted': {
    title: '积分：集中培训或专题辅导结业（每班）',
    value: { value: 5, daily: 5, yearly: 30 },
    citation: POINTS_PRACTICE,
    confidence: 'uncertain',
    note: '按班的最后一天计入。',
    configurable: true,
    schema: POINTS_SCHEMA,
  },
  'points.awardMax': {
    title: '积分：单次奖励或扣分的上限',
    value: 20,
    citation: POINTS_PRACTICE,
    confidence: 'uncertain',
    note: '支部书记提出、支委会或上级党组织（另一人）批准的奖励或扣分，每次不超过此数。',
    configurable: true,
    schema: { type: 'integer', min: 1, max: 200 },
  },
  'points.rankingsVisibleToMembers': {
    title: '积分：向党员公开支部排名',
    value: false,
    citation: POINTS_PRACTICE,
    confidence: 'uncertain',
    note: '关闭时党员只看到自己的积分和名次；开启时还可看到本支部的排名表。管理人员始终可看排名。',
    configurable: true,
    schema: { type: 'boolean' },
  },
  'points.outlierFactor': {
    title: '积分：异常偏高的判定倍数',
    value: 3,
    unit: 'times',
    citation: '本系统规定（无条文依据，决定0044）',
    confidence: 'uncertain',
    note: '党员年度积分高于本支部上四分位数加此倍数的四分位距时，列为异常待核（支部人数和最小四分位距见以下两条，决定0048）。',
    configurable: true,
    schema: { type: 'integer', min: 1, max: 10 },
  },
  'points.outlierMinSpread': {
    title: '积分：异常偏高判定的最小四分位距',
    value: 5,
    citation: '本系统规定（无条文依据，决定0048）',
    confidence: 'uncertain',
    note: '支部积分集中（四分位距小于此数）时按此数计算判定线，免得尽职的书记、委员高出几分即被列为异常。',
    configurable: true,
    schema: { type: 'integer', min: 0, max: 100 },
  },
  'points.outlierMinBranch': {
    title: '积分：判定异常偏高的支部最少人数',
    value: 5,
    unit: 'persons',
    citation: '本系统规定（无条文依据，决定0048）',
    confidence: 'uncertain',
    note: '党员少于此数的支部不作分布判定。',
    configurable: true,
    schema: { type: 'integer', min: 3, max: 100 },
  },
};

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

export const RULE_IDS = Object.keys(entries) as RuleId[];

/** Every rule with its id, in catalog order. Frozen: the defaults must never change at run time. */
export const ruleCatalog: RuleDef<unknown>[] = deepFreeze(
  RULE_IDS.map((id) => ({ id, ...entries[id] }) as RuleDef<unknown>),
);

const byId = new Map<string, RuleDef<unknown>>(ruleCatalog.map((r) => [r.id, r]));

export function isRuleId(id: string): id is RuleId {
  return byId.has(id);
}

/** The definition of one rule (citation, confidence, …), typed by id. */
export function ruleDef<K extends RuleId>(id: K): RuleDef<RuleValues[K]> {
  return byId.get(id) as RuleDef<RuleValues[K]>;
}

/** The catalog defaults as one typed object. */
export const defaultRules: Rules = deepFreeze(
  Object.fromEntries(ruleCatalog.map((r) => [r.id, r.value])) as unknown as Rules,
);
