import { PlusOutlined, SafetyCertificateOutlined, UndoOutlined } from '@ant-design/icons';
import { App, Button, Popconfirm, Tag } from 'antd';
import dayjs from 'dayjs';
import { Fragment, type ReactNode } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../../api/client';
import { useWithdrawExemption } from '../../../api/hooks';
import type { ComplianceItem, MeetingSummary } from '../../../api/types';
import {
  COMPLIANCE_STATE_COLORS,
  complianceStateLabel,
  MEETING_KIND_COLORS,
  MEETING_STATUS_COLORS,
  meetingKindLabel,
  meetingStatusLabel,
} from '../orglife';

export function newMeetingLink(orgId: number, item?: ComplianceItem): string {
  const q = new URLSearchParams({ orgId: String(orgId) });
  if (item) {
    q.set('kind', item.meetingKind);
    if (item.subjectId) q.set('groupId', String(item.subjectId));
    // A date inside the period: today when the period is current, else its last day.
    const today = dayjs().format('YYYY-MM-DD');
    q.set('heldOn', today >= item.periodStart && today <= item.periodEnd ? today : item.periodEnd);
  }
  return `/meetings/new?${q}`;
}

/** Under an item: its period (when not a month), days left, and why it is exempt or missed. */
export function CalItemSub({ item, periodIsMonth }: { item: ComplianceItem; periodIsMonth: boolean }) {
  const parts: { key: string; node: ReactNode }[] = [];
  if (!periodIsMonth) parts.push({ key: 'period', node: <span className="muted">{item.periodLabel}</span> });
  if (item.state === 'due' && item.daysLeft !== null) {
    parts.push({
      key: 'days',
      node: (
        <span className={item.daysLeft <= 7 ? 'text-danger' : 'text-warning'}>剩余 {item.daysLeft} 天</span>
      ),
    });
  }
  // Due and met items say no more than the counts already do; exempt and missed ones say why.
  if (item.reason && (item.state === 'exempt' || item.state === 'missed')) {
    parts.push({
      key: 'reason',
      node: (
        <span className={item.state === 'missed' ? 'text-danger' : 'muted'} data-testid="cal-item-reason">
          {item.reason}
        </span>
      ),
    });
  }
  if (!parts.length) return null;
  return (
    <div className="cal-item-sub small">
      {parts.map((p, i) => (
        <Fragment key={p.key}>
          {i ? <span className="muted"> · </span> : null}
          {p.node}
        </Fragment>
      ))}
    </div>
  );
}

export function ItemRow({
  item,
  canWrite,
  canReview,
  onExempt,
}: {
  item: ComplianceItem;
  canWrite: boolean;
  canReview: boolean;
  onExempt: (item: ComplianceItem) => void;
}) {
  const withdraw = useWithdrawExemption();
  const { message } = App.useApp();
  const open = item.state === 'due' || item.state === 'missed';
  const periodIsMonth = /^\d{4}-\d{2}$/.test(item.periodKey);
  return (
    <div
      className={`cal-item cal-item-${item.state}`}
      data-testid="cal-item"
      data-kind={item.meetingKind}
      data-state={item.state}
      data-period={item.periodKey}
      title={item.reason ?? undefined}
    >
      <div className="cal-item-main">
        <Tag
          color={COMPLIANCE_STATE_COLORS[item.state]}
          style={{ marginInlineEnd: 6 }}
          data-testid="cal-item-state"
        >
          {complianceStateLabel(item.state)}
        </Tag>
        <span className="cal-item-title">
          {meetingKindLabel(item.meetingKind)}
          {item.subjectName ? <span className="muted">（{item.subjectName}）</span> : null}
          {item.ruleId === 'orglife.secretaryLecturesPerYear' ? (
            <span className="muted">（书记讲党课）</span>
          ) : null}
        </span>
        <span className="cal-item-count muted small">
          {item.held}/{item.required}次
        </span>
      </div>
      <CalItemSub item={item} periodIsMonth={periodIsMonth} />
      {(canWrite && (open || item.state === 'not_started')) || (canReview && (open || item.exemptionId)) ? (
        <div className="cal-item-actions">
          {canWrite && (open || item.state === 'not_started') ? (
            item.meetingKind === 'heart_talk' ? (
              <Link to={`/heart-talks?orgId=${item.orgId}&create=1`} data-testid="cal-item-record">
                <PlusOutlined /> 记录谈话
              </Link>
            ) : (
              <Link to={newMeetingLink(item.orgId, item)} data-testid="cal-item-record">
                <PlusOutlined /> 记录会议
              </Link>
            )
          ) : null}
          {canReview && open ? (
            <Button
              type="link"
              size="small"
              icon={<SafetyCertificateOutlined />}
              onClick={() => onExempt(item)}
              data-testid="cal-item-exempt"
            >
              免于考核
            </Button>
          ) : null}
          {canReview && item.exemptionId ? (
            <Popconfirm
              title="撤销免于考核？"
              description="撤销后该项目按实际召开情况重新判断。"
              okText="撤销"
              cancelText="取消"
              onConfirm={async () => {
                try {
                  await withdraw.mutateAsync({ orgId: item.orgId, exemptionId: item.exemptionId! });
                  message.success('已撤销免于考核');
                } catch (e) {
                  message.error(errorMessage(e));
                }
              }}
            >
              <Button type="link" size="small" icon={<UndoOutlined />} data-testid="cal-item-unexempt">
                撤销免考
              </Button>
            </Popconfirm>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

export function MeetingRow({ m }: { m: MeetingSummary }) {
  return (
    <Link to={`/meetings/${m.id}`} className="cal-meeting" data-testid="cal-meeting">
      <span className="cal-meeting-date">{dayjs(m.heldOn).format('D日')}</span>
      <Tag color={MEETING_KIND_COLORS[m.kind]} style={{ marginInlineEnd: 0 }}>
        {meetingKindLabel(m.kind)}
      </Tag>
      <span className="cal-meeting-title">{m.title}</span>
      <Tag color={MEETING_STATUS_COLORS[m.status]} style={{ marginInlineEnd: 0 }}>
        {meetingStatusLabel(m.status)}
      </Tag>
    </Link>
  );
}
