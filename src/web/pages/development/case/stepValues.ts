import type { Dayjs } from 'dayjs';
import type { StepBody } from '../../../../shared/contracts/development';
import { toIsoDate } from '../../../format';

export interface Values {
  on?: Dayjs;
  note?: string;
  talkerName?: string;
  decidedBy?: 'committee' | 'general_meeting';
  mentorIds?: number[];
  sponsorIds?: number[];
  noticeRange?: [Dayjs, Dayjs];
  noticeObjection?: boolean;
  reviewConclusion?: 'pass' | 'fail';
  trainingRange?: [Dayjs, Dayjs];
  trainingHours?: number;
  trainingOrganizer?: string;
  vote?: {
    expectedVoting?: number;
    presentVoting?: number;
    for?: number;
    against?: number;
    abstain?: number;
  };
  outcome?: 'approved' | 'rejected';
  decision?: 'confirm' | 'extend' | 'cancel';
  extensionMonths?: number;
  delayReason?: string;
  expectedVotingReason?: string;
}

/** Where a finding's `field` (the engine's input name) sits in this form. */
export const FIELD_MAP: Record<string, (string | number)[] | string> = {
  mentors: 'mentorIds',
  sponsors: 'sponsorIds',
  notice: 'noticeRange',
  training: 'trainingRange',
  vote: ['vote', 'presentVoting'],
  branchFullMembers: ['vote', 'expectedVoting'],
};

/** The label of the date and of the note, per step. */
export const DATE_LABELS: Record<string, string> = {
  application_talk: '谈话日期',
  activist_designated: '确定日期（会议日期）',
  activist_filed: '报上级党委备案日期',
  mentors_assigned: '指定日期',
  activist_assessment: '考察日期',
  candidate_designated: '确定日期（会议日期）',
  candidate_filed: '上级党委同意日期',
  sponsors_assigned: '确定日期',
  political_review: '审查结论日期',
  training: '登记日期（结业后）',
  committee_review: '支委会审查日期',
  higher_pre_review: '预审日期',
  volunteer_form: '填写日期',
  admission_vote: '支部党员大会日期',
  higher_interview: '谈话日期',
  admission_approval: '审批日期',
  admission_filed: '备案日期',
  assigned_to_branch: '编入日期',
  oath: '宣誓日期',
  probation_assessment: '考察日期',
  confirmation_application: '提出转正申请日期',
  confirmation_vote: '支部党员大会日期',
  confirmation_approval: '审批日期',
  archived: '归档日期',
};

export const NOTE_LABELS: Record<string, string> = {
  application_talk: '谈话记录摘要',
  higher_interview: '谈话记录摘要',
  activist_assessment: '考察意见',
  probation_assessment: '考察意见',
  political_review: '政治审查情况',
  committee_review: '审查意见',
};

export const REQUIRED_NOTE = new Set(['activist_assessment', 'probation_assessment']);

/** The API body of a step from the form's values (blank texts left out). */
export function stepBody(key: string, v: Values, expectedDiffers: boolean): StepBody {
  const text = (s: string | undefined) => (s?.trim() ? s.trim() : undefined);
  const body: StepBody = { key, on: toIsoDate(v.on)!, note: text(v.note) };
  if (v.talkerName !== undefined) body.talkerName = text(v.talkerName);
  if (v.decidedBy) body.decidedBy = v.decidedBy;
  if (v.mentorIds) body.mentorIds = v.mentorIds;
  if (v.sponsorIds) body.sponsorIds = v.sponsorIds;
  if (v.noticeRange?.[0] && v.noticeRange[1]) {
    body.notice = {
      from: toIsoDate(v.noticeRange[0])!,
      to: toIsoDate(v.noticeRange[1])!,
      objection: !!v.noticeObjection,
    };
  }
  if (v.reviewConclusion) body.reviewConclusion = v.reviewConclusion;
  if (v.trainingRange?.[0] && v.trainingRange[1]) {
    body.training = {
      from: toIsoDate(v.trainingRange[0])!,
      to: toIsoDate(v.trainingRange[1])!,
      hours: v.trainingHours ?? 0,
      organizer: text(v.trainingOrganizer),
    };
  }
  if (v.vote) {
    body.vote = {
      expectedVoting: v.vote.expectedVoting ?? 0,
      presentVoting: v.vote.presentVoting ?? 0,
      for: v.vote.for ?? 0,
      against: v.vote.against ?? 0,
      abstain: v.vote.abstain ?? 0,
    };
  }
  if (v.outcome) body.outcome = v.outcome;
  if (v.decision) body.decision = v.decision;
  if (v.decision === 'extend' && v.extensionMonths) body.extensionMonths = v.extensionMonths;
  if (text(v.delayReason)) body.delayReason = text(v.delayReason);
  if (expectedDiffers && text(v.expectedVotingReason)) {
    body.expectedVotingReason = text(v.expectedVotingReason);
  }
  return body;
}
