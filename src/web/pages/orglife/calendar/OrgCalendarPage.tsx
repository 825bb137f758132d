import {
  ApartmentOutlined,
  HeatMapOutlined,
  LeftOutlined,
  PlusOutlined,
  RightOutlined,
} from '@ant-design/icons';
import { Alert, Button, Card, Empty, Skeleton, Space, Tag, Tooltip } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { z } from 'zod';
import { useCompliance, useMe, useMeetings, useOrg } from '../../../api/hooks';
import type { ComplianceItem, MeetingSummary } from '../../../api/types';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { useIsPhone } from '../../../hooks/useMediaQuery';
import { param, useUrlFilters } from '../../../hooks/useUrlFilters';
import { orgKindLabel } from '../../../labels';
import { can, isBranch, pct, reviewsAbove } from '../orglife';
import { ItemRow, MeetingRow, newMeetingLink } from './CalendarRows';
import { ExemptModal } from './ExemptModal';

const filterSchema = z.object({ year: param.year() });

const STATE_ORDER = { missed: 0, due: 1, met: 2, exempt: 3, not_started: 4 } as const;

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
