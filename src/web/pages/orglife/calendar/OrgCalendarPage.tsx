import {
  ApartmentOutlined,
  HeatMapOutlined,
  LeftOutlined,
  PlusOutlined,
  RightOutlined,
  SafetyCertificateOutlined,
  UndoOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  Popconfirm,
  Skeleton,
  Space,
  Tag,
  Tooltip,
} from 'antd';
import dayjs from 'dayjs';
import { Fragment, type ReactNode, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { z } from 'zod';
import { errorMessage } from '../../../api/client';
import {
  useCompliance,
  useGrantExemption,
  useMe,
  useMeetings,
  useOrg,
  useWithdrawExemption,
} from '../../../api/hooks';
import type { ComplianceItem, MeetingSummary } from '../../../api/types';
import { FormModal } from '../../../components/FormModal';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { useIsPhone } from '../../../hooks/useMediaQuery';
import { param, useUrlFilters } from '../../../hooks/useUrlFilters';
import { orgKindLabel } from '../../../labels';
import {
  COMPLIANCE_STATE_COLORS,
  can,
  complianceStateLabel,
  isBranch,
  MEETING_KIND_COLORS,
  MEETING_STATUS_COLORS,
  meetingKindLabel,
  meetingStatusLabel,
  pct,
  reviewsAbove,
} from '../orglife';

const filterSchema = z.object({ year: param.year() });

const STATE_ORDER = { missed: 0, due: 1, met: 2, exempt: 3, not_started: 4 } as const;

function newMeetingLink(orgId: number, item?: ComplianceItem): string {
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

function ExemptModal({ item, onClose }: { item: ComplianceItem; onClose: () => void }) {
  const [form] = Form.useForm<{ reason: string }>();
  const grant = useGrantExemption();
  const { message } = App.useApp();
  return (
    <FormModal<{ reason: string }>
      title="免于考核"
      open
      onClose={onClose}
      form={form}
      okText="确认免于考核"
      testId="exempt-modal"
      onSubmit={async (v) => {
        await grant.mutateAsync({
          orgId: item.orgId,
          body: { ruleId: item.ruleId, periodKey: item.periodKey, reason: v.reason.trim() },
        });
        message.success('已免于考核');
      }}
    >
      <p>
        <b>{item.orgName}</b>：{item.periodLabel}
        {meetingKindLabel(item.meetingKind)}
        {item.subjectName ? `（${item.subjectName}）` : ''}
      </p>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title="免于考核由上级党组织决定，如该支部因特殊情况（新成立、撤并、疫情等）确实无法按期召开。免考记录可撤销。"
      />
      <Form.Item
        name="reason"
        label="理由"
        rules={[{ required: true, whitespace: true, message: '请写明免于考核的理由' }]}
      >
        <Input.TextArea rows={3} maxLength={200} showCount data-testid="exempt-reason" />
      </Form.Item>
    </FormModal>
  );
}

/** Under an item: its period (when not a month), days left, and why it is exempt or missed. */
function CalItemSub({ item, periodIsMonth }: { item: ComplianceItem; periodIsMonth: boolean }) {
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

function ItemRow({
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

function MeetingRow({ m }: { m: MeetingSummary }) {
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

/**
 * 组织生活日历 (`/orgs/:id/orglife?year=`): a branch's year as twelve months, each with the
 * requirements whose period ends that month (coloured by state, days left, the reason) and the
 * meetings held; record a meeting for an item, and, for the higher org, grant or withdraw an
 * exemption.
 */
export default function OrgCalendarPage() {
  const params = useParams();
  const { filters, setFilters } = useUrlFilters(filterSchema);
  const navigate = useNavigate();
  const id = Number(params.id);
  const thisYear = dayjs().year();
  const year = filters.year ?? thisYear;
  const { data: me } = useMe();
  const org = useOrg(Number.isFinite(id) ? id : undefined);
  const compliance = useCompliance(Number.isFinite(id) ? id : undefined, `${year}-01`, `${year}-12`);
  const meetings = useMeetings({
    orgId: id,
    from: `${year}-01-01`,
    to: `${year}-12-31`,
    pageSize: 200,
    current: 1,
  });
  const [exempt, setExempt] = useState<ComplianceItem | null>(null);
  const canWrite = can(me, 'orglife.write');
  const canReview = reviewsAbove(me, org.data?.path);
  const thisMonth = dayjs().format('YYYY-MM');
  // On a phone, months with nothing left to do fold to one line (the year is otherwise very long).
  const isPhone = useIsPhone();
  const [unfolded, setUnfolded] = useState<Set<string>>(() => new Set());

  const months = useMemo(() => {
    const list = Array.from({ length: 12 }, (_, i) => ({
      key: `${year}-${String(i + 1).padStart(2, '0')}`,
      items: [] as ComplianceItem[],
      meetings: [] as MeetingSummary[],
    }));
    for (const it of compliance.data?.items ?? [])
      list.find((m) => m.key === it.periodEnd.slice(0, 7))?.items.push(it);
    for (const mt of meetings.data?.data ?? [])
      list.find((m) => m.key === mt.heldOn.slice(0, 7))?.meetings.push(mt);
    for (const m of list) {
      m.items.sort(
        (a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || a.meetingKind.localeCompare(b.meetingKind),
      );
      m.meetings.sort((a, b) => (a.heldOn < b.heldOn ? -1 : 1));
    }
    return list;
  }, [compliance.data, meetings.data, year]);

  if (org.isLoading) {
    return (
      <div className="page">
        <PageHeader title="组织生活日历" />
        <Card>
          <Skeleton active paragraph={{ rows: 10 }} />
        </Card>
      </div>
    );
  }
  if (!org.data) return <QueryError error={org.error} onRetry={() => org.refetch()} />;
  const o = org.data;
  const branch = isBranch(o.kind);
  const total = compliance.data?.total;
  const setYear = (y: number) => setFilters({ year: y === thisYear ? undefined : y });

  return (
    <div className="page" data-testid="org-calendar">
      <PageHeader
        title={
          <span>
            组织生活日历{' '}
            <span className="muted" style={{ fontWeight: 400 }}>
              · {o.name}
            </span>
          </span>
        }
        subtitle={
          <Space size={6} wrap>
            <Tag color="red">{orgKindLabel(o.kind)}</Tag>
            <span>考核要求按考核周期的最后一个月列出；已开会议按召开日期列出。</span>
          </Space>
        }
        extra={
          <>
            <Button icon={<ApartmentOutlined />} onClick={() => navigate(`/orgs/${o.id}`)}>
              组织架构
            </Button>
            <Link
              to={`/compliance?orgId=${o.id}&from=${year}-01&to=${year === thisYear ? thisMonth : `${year}-12`}`}
            >
              <Button icon={<HeatMapOutlined />}>合规看板</Button>
            </Link>
            {canWrite && branch ? (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => navigate(newMeetingLink(o.id))}
                data-testid="cal-record"
              >
                记录会议
              </Button>
            ) : null}
          </>
        }
      />

      <Card size="small">
        <div className="cal-toolbar">
          <Space>
            <Button icon={<LeftOutlined />} onClick={() => setYear(year - 1)} aria-label="上一年" />
            <span className="cal-year" data-testid="cal-year">
              {year}年
            </span>
            <Button
              icon={<RightOutlined />}
              onClick={() => setYear(year + 1)}
              aria-label="下一年"
              disabled={year >= thisYear + 1}
            />
            {year !== thisYear ? <Button onClick={() => setYear(thisYear)}>今年</Button> : null}
          </Space>
          {total ? (
            <div className="cal-totals" data-testid="cal-totals">
              <span>
                完成率 <b>{pct(total.rate)}</b>
              </span>
              <span className="text-success">已完成 {total.met}</span>
              <span className="text-danger">未完成 {total.missed}</span>
              <span className="text-warning">待完成 {total.due}</span>
              <span className="muted">免于考核 {total.exempt}</span>
              <span className="muted">未开始 {total.notStarted}</span>
            </div>
          ) : null}
        </div>
      </Card>

      {!branch ? (
        <Alert
          type="info"
          showIcon
          title="三会一课等考核要求适用于党支部"
          description={
            <span>
              {o.name}是{orgKindLabel(o.kind)}，下面只列出已记录的会议。下级党支部的落实情况请看
              <Link to={`/compliance?orgId=${o.id}`}>合规看板</Link>。
            </span>
          }
        />
      ) : null}
      {compliance.error && !compliance.data ? (
        <QueryError error={compliance.error} onRetry={() => compliance.refetch()} />
      ) : null}

      <div className="cal-grid" data-testid="cal-grid">
        {months.map((m) => {
          const isNow = m.key === thisMonth;
          const missed = m.items.filter((i) => i.state === 'missed').length;
          const due = m.items.filter((i) => i.state === 'due').length;
          const settled =
            !isNow && m.items.length > 0 && m.items.every((i) => i.state === 'met' || i.state === 'exempt');
          const folded = isPhone && settled && !unfolded.has(m.key);
          return (
            <Card
              key={m.key}
              size="small"
              className={isNow ? 'cal-month cal-month-now' : 'cal-month'}
              data-testid="cal-month"
              data-month={m.key}
              loading={compliance.isLoading}
              title={
                <span>
                  {Number(m.key.slice(5))}月
                  {isNow ? (
                    <Tag color="red" style={{ marginInlineStart: 6 }}>
                      本月
                    </Tag>
                  ) : null}
                </span>
              }
              extra={
                <Space size={4}>
                  {missed ? (
                    <Tooltip title="未完成的项目">
                      <Tag color="error" style={{ marginInlineEnd: 0 }}>
                        未完成 {missed}
                      </Tag>
                    </Tooltip>
                  ) : null}
                  {due ? (
                    <Tag color="warning" style={{ marginInlineEnd: 0 }}>
                      待完成 {due}
                    </Tag>
                  ) : null}
                </Space>
              }
            >
              {folded ? (
                <button
                  type="button"
                  className="cal-folded"
                  onClick={() => setUnfolded((u) => new Set(u).add(m.key))}
                  data-testid="cal-unfold"
                >
                  <span className="text-success">全部完成 {m.items.length} 项</span>
                  <span className="muted"> · 会议 {m.meetings.length} 次</span>
                  <span className="cal-folded-more">展开</span>
                </button>
              ) : null}
              {!folded && m.items.length ? (
                <div className="cal-items">
                  {m.items.map((it) => (
                    <ItemRow
                      key={`${it.ruleId}-${it.periodKey}-${it.subjectId ?? 0}`}
                      item={it}
                      canWrite={canWrite}
                      canReview={canReview}
                      onExempt={setExempt}
                    />
                  ))}
                </div>
              ) : null}
              {!folded && m.meetings.length ? (
                <div className="cal-meetings">
                  <div className="cal-section-label">已开会议</div>
                  {m.meetings.map((mt) => (
                    <MeetingRow key={mt.id} m={mt} />
                  ))}
                </div>
              ) : null}
              {!m.items.length && !m.meetings.length ? (
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description="本月无考核项目"
                  className="cal-empty"
                />
              ) : null}
            </Card>
          );
        })}
      </div>

      {exempt ? <ExemptModal item={exempt} onClose={() => setExempt(null)} /> : null}
    </div>
  );
}
