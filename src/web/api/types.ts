import type { z } from 'zod';
import type { auditEntryDto } from '../../shared/contracts/audit';
import type { meDto } from '../../shared/contracts/auth';
import type {
  attachmentDto,
  attendeeDto,
  checkinResultDto,
  checkinTokenDto,
  heartTalkCreateBody,
  heartTalkDto,
  meetingCreateBody,
  meetingDto,
  meetingPatchBody,
  meetingReviewBody,
  meetingSummaryDto,
  RecordedMeetingKind,
  voteDto,
} from '../../shared/contracts/meetings';
import type {
  memberCreateBody,
  memberDto,
  memberEventDto,
  memberPatchBody,
  revealDto,
} from '../../shared/contracts/members';
import type {
  ComplianceDto,
  ComplianceItemDto,
  ComplianceStateDto,
  exemptionCreateBody,
  exemptionDto,
  HeatRowDto,
  NotificationDto,
  notificationPage,
  StateCounts,
} from '../../shared/contracts/orglife';
import type {
  committeeMemberDto,
  orgCreateBody,
  orgDto,
  orgHistoryDto,
  orgPatchBody,
  orgSummaryDto,
  termCreateBody,
  violationDto,
} from '../../shared/contracts/orgs';
import type { RuleDto } from '../../shared/contracts/rules';
import type { transferCreateBody, transferDto, transferRespondBody } from '../../shared/contracts/transfers';
import type { UserDto, userCreateBody, userPatchBody } from '../../shared/contracts/users';

export type Me = z.infer<typeof meDto>;
export type OrgSummary = z.infer<typeof orgSummaryDto>;
export type Org = z.infer<typeof orgDto>;
export type OrgHistoryEntry = z.infer<typeof orgHistoryDto>;
export type Violation = z.infer<typeof violationDto>;
export type CommitteeMember = z.infer<typeof committeeMemberDto>;
export type OrgCreateBody = z.input<typeof orgCreateBody>;
export type OrgPatchBody = z.input<typeof orgPatchBody>;
export type TermCreateBody = z.input<typeof termCreateBody>;
export type Member = z.infer<typeof memberDto>;
export type MemberEvent = z.infer<typeof memberEventDto>;
export type MemberCreateBody = z.input<typeof memberCreateBody>;
export type MemberPatchBody = z.input<typeof memberPatchBody>;
export type Revealed = z.infer<typeof revealDto>;
export type Transfer = z.infer<typeof transferDto>;
export type TransferCreateBody = z.input<typeof transferCreateBody>;
export type TransferRespondBody = z.input<typeof transferRespondBody>;
export type AuditEntry = z.infer<typeof auditEntryDto>;
export type Rule = RuleDto;
/** What a rule's value must look like (`RuleDto.schema`, which the contract types as unknown). */
export type { RuleSchema } from '../../domain/rules/types';
export type User = UserDto;
export type UserRole = UserDto['roles'][number]['role'];
export type UserCreateBody = z.input<typeof userCreateBody>;
export type UserPatchBody = z.input<typeof userPatchBody>;

export interface Page<T> {
  data: T[];
  total: number;
}

// ---------- organizational life (组织生活) ----------

export type MeetingSummary = z.infer<typeof meetingSummaryDto>;
export type Meeting = z.infer<typeof meetingDto>;
export type MeetingAttendee = z.infer<typeof attendeeDto>;
export type MeetingVote = z.infer<typeof voteDto>;
export type MeetingAttachment = z.infer<typeof attachmentDto>;
export type MeetingCreateBody = z.input<typeof meetingCreateBody>;
export type MeetingPatchBody = z.input<typeof meetingPatchBody>;
export type MeetingReviewBody = z.input<typeof meetingReviewBody>;
export type MeetingKind = RecordedMeetingKind;
export type MeetingStatus = Meeting['status'];
export type Attendance = MeetingAttendee['attendance'];
export type CheckinToken = z.infer<typeof checkinTokenDto>;
export type CheckinResult = z.infer<typeof checkinResultDto>;
export type HeartTalk = z.infer<typeof heartTalkDto>;
export type HeartTalkCreateBody = z.input<typeof heartTalkCreateBody>;
export type Compliance = ComplianceDto;
export type ComplianceItem = ComplianceItemDto;
export type HeatRow = HeatRowDto;
export type ComplianceCounts = StateCounts;
export type ComplianceState = ComplianceStateDto;
export type Exemption = z.infer<typeof exemptionDto>;
export type ExemptionCreateBody = z.input<typeof exemptionCreateBody>;
export type Notification = NotificationDto;
export type NotificationPage = z.infer<typeof notificationPage>;
