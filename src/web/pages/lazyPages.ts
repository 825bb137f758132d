/**
 * Every page as its own chunk, loaded when its route is first opened (the route table in
 * `routes.tsx` refers to them as `pages.X`).
 */
import { lazy } from 'react';

export const HomePage = lazy(() => import('./home/dashboard/HomePage'));
export const DashboardPage = lazy(() => import('./dashboard/DashboardPage'));
export const CoveragePage = lazy(() => import('./coverage/CoveragePage'));
export const OrgTreePage = lazy(() => import('./orgs/tree/OrgTreePage'));
export const MemberListPage = lazy(() => import('./members/list/MemberListPage'));
export const MemberPage = lazy(() => import('./members/detail/MemberPage'));
export const MemberCreatePage = lazy(() => import('./members/form/MemberCreatePage'));
export const MemberEditPage = lazy(() => import('./members/form/MemberEditPage'));
export const MyRecordPage = lazy(() => import('./members/detail/MyRecordPage'));
export const TransfersPage = lazy(() => import('./transfers/list/TransfersPage'));
export const AuditLogPage = lazy(() => import('./audit/log/AuditLogPage'));
export const UsersPage = lazy(() => import('./users/list/UsersPage'));
export const GrantRequestsPage = lazy(() => import('./users/grants/GrantRequestsPage'));
export const MemberLinksPage = lazy(() => import('./users/links/MemberLinksPage'));
export const RulesPage = lazy(() => import('./rules/list/RulesPage'));
export const MeetingListPage = lazy(() => import('./orglife/meetings/list/MeetingListPage'));
export const MeetingCreatePage = lazy(() => import('./orglife/meetings/form/MeetingCreatePage'));
export const MeetingEditPage = lazy(() => import('./orglife/meetings/form/MeetingEditPage'));
export const MeetingPage = lazy(() => import('./orglife/meetings/detail/MeetingPage'));
export const CheckinPage = lazy(() => import('./orglife/checkin/CheckinPage'));
export const OrgCalendarPage = lazy(() => import('./orglife/calendar/OrgCalendarPage'));
export const CompliancePage = lazy(() => import('./orglife/compliance/CompliancePage'));
export const NotificationsPage = lazy(() => import('./orglife/notifications/NotificationsPage'));
export const HeartTalksPage = lazy(() => import('./orglife/heart-talks/HeartTalksPage'));
export const DevelopmentBoardPage = lazy(() => import('./development/board/DevelopmentBoardPage'));
export const CaseListPage = lazy(() => import('./development/cases/CaseListPage'));
export const CaseCreatePage = lazy(() => import('./development/cases/CaseCreatePage'));
export const CasePage = lazy(() => import('./development/case/CasePage'));
export const PlansPage = lazy(() => import('./development/plans/PlansPage'));
export const CollectionPage = lazy(() => import('./dues/collection/CollectionPage'));
export const ArrearsPage = lazy(() => import('./dues/arrears/ArrearsPage'));
export const DuesSummaryPage = lazy(() => import('./dues/summary/DuesSummaryPage'));
export const DuesApprovalsPage = lazy(() => import('./dues/approvals/DuesApprovalsPage'));
export const DuesImportPage = lazy(() => import('./dues/import/DuesImportPage'));
export const MyDuesPage = lazy(() => import('./dues/mine/MyDuesPage'));
export const OnlinePaymentsPage = lazy(() => import('./dues/online/OnlinePaymentsPage'));
export const SimulatedCashierPage = lazy(() => import('./dues/online/SimulatedCashierPage'));
export const ImportPage = lazy(() => import('./imports/ImportPage'));
export const AnnualReportPage = lazy(() => import('./stats/AnnualReportPage'));
export const MyHomePage = lazy(() => import('./my/MyHomePage'));
export const MyMeetingsPage = lazy(() => import('./my/MyMeetingsPage'));
export const MyMeetingPage = lazy(() => import('./my/MyMeetingPage'));
// 党员账号 (issue #19): the issuing org's page and slips, the public activation and reset pages.
export const AccountsPage = lazy(() => import('./accounts/AccountsPage'));
export const SlipsPage = lazy(() => import('./accounts/SlipsPage'));
export const ActivatePage = lazy(() => import('./accounts/ActivatePage'));
export const ForgotPasswordPage = lazy(() => import('./accounts/ForgotPasswordPage'));
// 学时进度 (issue #20): the subtree's progress page and the member's own hours.
export const ProgressPage = lazy(() => import('./progress/ProgressPage'));
export const MyHoursPage = lazy(() => import('./progress/MyHoursPage'));
// 党员积分 (issue #20): rankings, awards and flags for staff, a member's ledger, the member's own points.
export const PointsPage = lazy(() => import('./points/PointsPage'));
export const MemberPointsPage = lazy(() => import('./points/MemberPointsPage'));
export const MyPointsPage = lazy(() => import('./points/MyPointsPage'));
// 学习资料 and 培训班 (issue #20): staff pages and the member's class check-in.
export const LearningItemsPage = lazy(() => import('./learning/ItemsPage'));
export const LearningClassesPage = lazy(() => import('./learning/ClassesPage'));
export const ClassDetailPage = lazy(() => import('./learning/ClassDetailPage'));
export const ClassCheckinPage = lazy(() => import('./learning/ClassCheckinPage'));
// 学习 and 学时 (issue #20, decision 0046): the member's study pages, approvals, a member's ledger.
export const MyStudyPage = lazy(() => import('./study/MyStudyPage'));
export const StudyPlayerPage = lazy(() => import('./study/StudyPlayerPage'));
export const MyExternalPage = lazy(() => import('./study/MyExternalPage'));
export const ExternalStudyPage = lazy(() => import('./hours/ExternalStudyPage'));
export const MemberLedgerPage = lazy(() => import('./hours/MemberLedgerPage'));
