import { HeatMapOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, DatePicker, Select, Space, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { Link, useNavigate } from 'react-router';
import { z } from 'zod';
import { exportsApi } from '../../../../../shared/contracts/exports';
import { MEETING_STATUSES, RECORDED_MEETING_KINDS } from '../../../../../shared/contracts/meetings';
import { useMe, useMeetings } from '../../../../api/hooks';
import type { MeetingSummary } from '../../../../api/types';
import { ExportButton } from '../../../../components/ExportButton';
import { FilterBar } from '../../../../components/FilterBar';
import { OrgPicker } from '../../../../components/OrgPicker';
import { PagedTable } from '../../../../components/PagedTable';
import { PageHeader } from '../../../../components/PageHeader';
import { fmtDate } from '../../../../format';
import { useIsPhone } from '../../../../hooks/useMediaQuery';
import { paging, param, useUrlFilters } from '../../../../hooks/useUrlFilters';
import {
  can,
  MEETING_KIND_COLORS,
  MEETING_STATUS_COLORS,
  meetingKindLabel,
  meetingKindOptions,
  meetingStatusLabel,
  meetingStatusOptions,
  timeOf,
} from '../../orglife';

const filterSchema = z.object({
  orgId: param.int(),
  kind: param.oneOf(RECORDED_MEETING_KINDS),
  status: param.oneOf(MEETING_STATUSES),
  from: param.date(),
  to: param.date(),
  ...paging,
});

/** 会议记录: every meeting in the user's scope (or one org's subtree), filtered in the address. */
export default function MeetingListPage() {
  const { filters, setFilters: update, clearFilters } = useUrlFilters(filterSchema);
  const navigate = useNavigate();
  const { data: me } = useMe();
  const isPhone = useIsPhone();
  const { orgId, kind, status, from, to, current, pageSize } = filters;

  const list = useMeetings({ orgId, kind, status, from, to, current, pageSize });

  const canWrite = can(me, 'orglife.write');

  const columns: ColumnsType<MeetingSummary> = [
    {
      title: '会议名称',
      dataIndex: 'title',
      ellipsis: true,
      render: (title: string, m) => (
        <Link to={`/meetings/${m.id}`} data-testid="meeting-link">
          {title}
        </Link>
      ),
    },
    {
      title: '类型',
      dataIndex: 'kind',
      width: 132,
      render: (k: string, m) => (
        <Space size={2} orientation="vertical">
          <Tag color={MEETING_KIND_COLORS[k]} style={{ marginInlineEnd: 0 }}>
            {meetingKindLabel(k)}
          </Tag>
          {m.groupName ? <span className="muted small">{m.groupName}</span> : null}
        </Space>
      ),
    },
    {
      title: '召开时间',
      dataIndex: 'heldOn',
      width: 136,
      render: (d: string, m) => (
        <span>
          {fmtDate(d)} <span className="muted">{timeOf(m.startsAt)}</span>
        </span>
      ),
    },
    { title: '党组织', dataIndex: 'orgName', ellipsis: true, responsive: ['md'] },
    {
      title: '出席',
      key: 'attendance',
      width: 96,
      render: (_: unknown, m) => (
        <span data-testid="meeting-attendance">
          {m.present}/{m.expected}
          <span className="muted small"> 人</span>
        </span>
      ),
    },
    {
      title: '状态',
      dataIndex: 'status',
      width: 90,
      render: (s: MeetingSummary['status']) => (
        <Tag color={MEETING_STATUS_COLORS[s]} data-testid="meeting-status">
          {meetingStatusLabel(s)}
        </Tag>
      ),
    },
  ];

  // On a phone one column per meeting: the title in full, the facts on a second line.
  const phoneColumns: ColumnsType<MeetingSummary> = [
    {
      title: '会议',
      key: 'meeting',
      render: (_: unknown, m) => (
        <div className="meeting-cell">
          <Link to={`/meetings/${m.id}`} data-testid="meeting-link" className="meeting-cell-title">
            {m.title}
          </Link>
          <div className="meeting-cell-facts">
            <Tag color={MEETING_KIND_COLORS[m.kind]} style={{ marginInlineEnd: 0 }}>
              {meetingKindLabel(m.kind)}
            </Tag>
            <span>
              {fmtDate(m.heldOn)} <span className="muted">{timeOf(m.startsAt)}</span>
            </span>
            <span data-testid="meeting-attendance">
              {m.present}/{m.expected}人
            </span>
            <Tag
              color={MEETING_STATUS_COLORS[m.status]}
              style={{ marginInlineEnd: 0 }}
              data-testid="meeting-status"
            >
              {meetingStatusLabel(m.status)}
            </Tag>
          </div>
          {m.groupName ? <div className="muted small">{m.groupName}</div> : null}
        </div>
      ),
    },
  ];

  const newLink = () => {
    const q = new URLSearchParams();
    if (orgId) q.set('orgId', String(orgId));
    if (kind) q.set('kind', kind);
    const qs = q.toString();
    navigate(qs ? `/meetings/new?${qs}` : '/meetings/new');
  };

  const filtered = orgId || kind || status || from || to;

  return (
    <div className="page">
      <PageHeader
        title="会议记录"
        subtitle="三会一课、主题党日、组织生活会、民主评议党员等组织生活的记录；提交后由上级党组织审核。"
        extra={
          <>
            <Link to={orgId ? `/compliance?orgId=${orgId}` : '/compliance'}>
              <Button icon={<HeatMapOutlined />}>合规看板</Button>
            </Link>
            <ExportButton contract={exportsApi.meetings} query={{ orgId, kind, status, from, to }} />
            {canWrite ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={newLink} data-testid="meeting-add">
                记录会议
              </Button>
            ) : null}
          </>
        }
      />
      <FilterBar testId="meeting-filters" filtered={!!filtered} onClear={clearFilters}>
        <OrgPicker
          value={orgId}
          onChange={(id) => update({ orgId: id })}
          placeholder="全部党组织（含下级）"
          style={{ width: 260 }}
          className="filter-wide"
          testId="filter-org"
        />
        <Select
          value={kind}
          onChange={(v) => update({ kind: v })}
          options={meetingKindOptions}
          placeholder="会议类型"
          allowClear
          style={{ width: 150 }}
          data-testid="filter-kind"
        />
        <Select
          value={status}
          onChange={(v) => update({ status: v })}
          options={meetingStatusOptions}
          placeholder="状态"
          allowClear
          style={{ width: 110 }}
          data-testid="filter-status"
        />
        <DatePicker.RangePicker
          value={[from ? dayjs(from) : null, to ? dayjs(to) : null]}
          onChange={(range) =>
            update({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })
          }
          allowEmpty={[true, true]}
          placeholder={['开始日期', '结束日期']}
          style={{ width: 260 }}
          className="filter-wide"
          data-testid="filter-dates"
        />
      </FilterBar>
      <PagedTable<MeetingSummary>
        query={list}
        columns={isPhone ? phoneColumns : columns}
        current={current}
        pageSize={pageSize}
        onPageChange={update}
        totalText={(total) => <span data-testid="meeting-total">共 {total} 次会议</span>}
        pageSizeOptions={[10, 20, 50, 100]}
        emptyText={filtered ? '没有符合条件的会议记录' : '还没有会议记录'}
        scroll={isPhone ? undefined : { x: 900 }}
        size="middle"
        data-testid="meeting-table"
        onRow={(m) => ({
          onClick: (e) => {
            if ((e.target as HTMLElement).closest('a')) return;
            navigate(`/meetings/${m.id}`);
          },
          style: { cursor: 'pointer' },
        })}
      />
    </div>
  );
}
