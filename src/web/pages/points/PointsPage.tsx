import {
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { z } from 'zod';
import {
  AWARD_STATUS_LABELS,
  AWARD_STATUSES,
  type AwardDto,
  FLAG_KIND_LABELS,
  FLAG_KINDS,
  FLAG_STATUS_LABELS,
  FLAG_STATUSES,
  type FlagDto,
  type RankingRowDto,
} from '../../../shared/contracts/points';
import { useMe } from '../../api/hooks';
import {
  type AwardStatus,
  type FlagKind,
  type FlagStatus,
  useAwards,
  useDecideAward,
  useDecideFlag,
  useFlags,
  usePointSources,
  usePointsRanking,
  useProposeAward,
  useWithdrawAward,
} from '../../api/points';
import { FilterBar } from '../../components/FilterBar';
import { FormModal } from '../../components/FormModal';
import { MemberPicker } from '../../components/MemberPicker';
import { OrgPicker } from '../../components/OrgPicker';
import { PagedTable } from '../../components/PagedTable';
import { PageHeader } from '../../components/PageHeader';
import { type FilterPatch, paging, param, useUrlFilters } from '../../hooks/useUrlFilters';
import { signed, yearOptions } from './common';

const filterSchema = z.object({
  orgId: param.int(),
  year: param.int(),
  tab: param.oneOf(['ranking', 'awards', 'flags', 'rules']),
  awardStatus: param.oneOf(AWARD_STATUSES as unknown as ['proposed', 'approved', 'rejected', 'withdrawn']),
  flagStatus: param.oneOf(FLAG_STATUSES as unknown as ['open', 'cleared', 'confirmed']),
  flagKind: param.oneOf(FLAG_KINDS as unknown as ['two_devices', 'odd_hours', 'outlier']),
  ...paging,
});
type Filters = z.infer<typeof filterSchema>;
type Update = (patch: FilterPatch<typeof filterSchema>) => void;

/**
 * 党员积分 (`/points?orgId=&year=&tab=`): the ranking of an org (a branch: its members; a higher
 * org: every member below it), the awards and deductions waiting for a second person, the anomaly
 * flags to review, and the rules points are earned by. A name opens the member's ledger.
 */
export default function PointsPage() {
  const { filters, setFilters } = useUrlFilters(filterSchema);
  const { data: me } = useMe();
  const orgId = filters.orgId ?? me?.scopeRoots[0]?.orgId;
  const thisYear = dayjs().year();
  const year = filters.year ?? thisYear;
  const tab = filters.tab ?? 'ranking';
  const update: Update = (patch) => setFilters(patch, { push: true });

  return (
    <div className="page">
      <PageHeader
        title="党员积分"
        subtitle="积分由会议出勤、党费交纳、学习学时、培训结业等记录按规则自动计算；奖励和扣分须另一人批准。"
      />
      <FilterBar testId="points-filters">
        <OrgPicker
          value={orgId}
          onChange={(id) => update({ orgId: id, current: undefined })}
          allowClear={false}
          placeholder="选择党组织"
          style={{ width: 280 }}
          className="filter-wide"
          testId="points-org"
        />
        <Select
          value={year}
          options={yearOptions(thisYear)}
          onChange={(y) => update({ year: y === thisYear ? undefined : y, current: undefined })}
          style={{ width: 110 }}
          data-testid="points-year"
        />
      </FilterBar>
      {!orgId ? (
        <Card>
          <Empty description="请选择党组织" />
        </Card>
      ) : (
        <Tabs
          activeKey={tab}
          onChange={(k) =>
            update({ tab: k === 'ranking' ? undefined : (k as Filters['tab']), current: undefined })
          }
          items={[
            {
              key: 'ranking',
              label: '积分排名',
              children: <RankingTab orgId={orgId} year={year} filters={filters} update={update} />,
            },
            {
              key: 'awards',
              label: '奖励和扣分',
              children: <AwardsTab orgId={orgId} filters={filters} update={update} />,
            },
            {
              key: 'flags',
              label: '异常核查',
              children: <FlagsTab orgId={orgId} filters={filters} update={update} />,
            },
            { key: 'rules', label: '积分规则', children: <RulesTab year={year} /> },
          ]}
        />
      )}
    </div>
  );
}

function RankingTab({
  orgId,
  year,
  filters,
  update,
}: {
  orgId: number;
  year: number;
  filters: Filters;
  update: Update;
}) {
  const q = usePointsRanking(orgId, year, filters.current, filters.pageSize);
  const r = q.data;
  const columns: ColumnsType<RankingRowDto> = [
    { title: '名次', dataIndex: 'rank', width: 80, align: 'right' },
    {
      title: '姓名',
      dataIndex: 'name',
      render: (name: string, row) => <Link to={`/points/members/${row.memberId}?year=${year}`}>{name}</Link>,
    },
    { title: '所在党组织', dataIndex: 'orgName', responsive: ['md'] },
    { title: '积分', dataIndex: 'points', width: 100, align: 'right' },
  ];
  return (
    <PagedTable<RankingRowDto>
      rowKey="memberId"
      query={q}
      current={filters.current}
      pageSize={filters.pageSize}
      onPageChange={(change) => update(change)}
      columns={columns}
      emptyText="本年度尚无积分"
      data-testid="points-ranking"
      header={
        r ? (
          <div className="muted" style={{ padding: '8px 0' }}>
            {r.orgName}
            {r.level === 'branch' ? '（本支部党员）' : '（所辖全部党员）'} · {r.year}年 · {r.total}人 · 人均
            {r.average}分
          </div>
        ) : null
      }
    />
  );
}

function AwardsTab({ orgId, filters, update }: { orgId: number; filters: Filters; update: Update }) {
  const { message } = App.useApp();
  const { data: me } = useMe();
  const q = useAwards(
    orgId,
    filters.awardStatus as AwardStatus | undefined,
    filters.current,
    filters.pageSize,
  );
  const decide = useDecideAward();
  const withdraw = useWithdrawAward();
  const [proposing, setProposing] = useState(false);
  const [deciding, setDeciding] = useState<{ award: AwardDto; approve: boolean } | null>(null);
  const canPropose = me?.permissions.includes('points.propose');
  const canApprove = me?.permissions.includes('points.approve');
  const columns: ColumnsType<AwardDto> = [
    { title: '日期', dataIndex: 'occurredOn', width: 110 },
    {
      title: '党员',
      dataIndex: 'memberName',
      width: 100,
      render: (n: string, a) => <Link to={`/points/members/${a.memberId}`}>{n}</Link>,
    },
    { title: '所在党组织', dataIndex: 'orgName', responsive: ['lg'] },
    {
      title: '分值',
      dataIndex: 'points',
      width: 80,
      align: 'right',
      render: (p: number) => <span style={{ color: p < 0 ? '#cf1322' : '#389e0d' }}>{signed(p)}</span>,
    },
    { title: '理由', dataIndex: 'reason' },
    { title: '提出人', dataIndex: 'proposedByName', width: 120, responsive: ['md'] },
    {
      title: '状态',
      dataIndex: 'status',
      width: 150,
      render: (s: AwardDto['status'], a) => (
        <div>
          <Tag color={{ proposed: 'gold', approved: 'green', rejected: 'red', withdrawn: 'default' }[s]}>
            {AWARD_STATUS_LABELS[s]}
          </Tag>
          {a.decidedByName ? (
            <div className="muted small">
              {a.decidedByName}
              {a.decisionNote ? `：${a.decisionNote}` : ''}
            </div>
          ) : null}
        </div>
      ),
    },
    {
      title: '操作',
      width: 170,
      render: (_: unknown, a) =>
        a.status !== 'proposed' ? null : a.proposedBy === me?.id ? (
          <Button
            size="small"
            onClick={() =>
              withdraw.mutate(
                { params: { id: a.id } },
                { onSuccess: () => message.success('已撤回'), onError: (e) => message.error(e.message) },
              )
            }
          >
            撤回
          </Button>
        ) : canApprove ? (
          <Space>
            <Button size="small" type="primary" onClick={() => setDeciding({ award: a, approve: true })}>
              批准
            </Button>
            <Button size="small" danger onClick={() => setDeciding({ award: a, approve: false })}>
              驳回
            </Button>
          </Space>
        ) : null,
    },
  ];
  return (
    <>
      <PagedTable<AwardDto>
        query={q}
        current={filters.current}
        pageSize={filters.pageSize}
        onPageChange={(change) => update(change)}
        columns={columns}
        emptyText="暂无奖励或扣分"
        data-testid="points-awards"
        header={
          <Space style={{ padding: '8px 0' }} wrap>
            <Radio.Group
              value={filters.awardStatus ?? ''}
              onChange={(e) =>
                update({
                  awardStatus: (e.target.value || undefined) as Filters['awardStatus'],
                  current: undefined,
                })
              }
              optionType="button"
              options={[
                { value: '', label: '全部' },
                ...AWARD_STATUSES.map((s) => ({ value: s, label: AWARD_STATUS_LABELS[s] })),
              ]}
            />
            {canPropose ? (
              <Button type="primary" onClick={() => setProposing(true)} data-testid="points-propose">
                提出奖励或扣分
              </Button>
            ) : null}
          </Space>
        }
      />
      {proposing ? <ProposeModal orgId={orgId} onClose={() => setProposing(false)} /> : null}
      {deciding ? (
        <DecideAwardModal
          award={deciding.award}
          approve={deciding.approve}
          onClose={() => setDeciding(null)}
          onSubmit={(note) =>
            decide.mutateAsync({
              params: { id: deciding.award.id },
              body: { approve: deciding.approve, note },
            })
          }
        />
      ) : null}
    </>
  );
}

function ProposeModal({ orgId, onClose }: { orgId: number; onClose: () => void }) {
  const [form] = Form.useForm<{
    memberId: number;
    kind: 'award' | 'deduction';
    points: number;
    reason: string;
    occurredOn: dayjs.Dayjs;
  }>();
  const propose = useProposeAward();
  const sources = usePointSources();
  const max = sources.data?.awardMax ?? 20;
  return (
    <FormModal
      title="提出奖励或扣分"
      open
      form={form}
      onClose={onClose}
      okText="提交，等待另一人批准"
      initialValues={{ kind: 'award', points: 2, occurredOn: dayjs() }}
      testId="points-propose-modal"
      onSubmit={(v) =>
        propose.mutateAsync({
          body: {
            memberId: v.memberId,
            points: v.kind === 'award' ? v.points : -v.points,
            reason: v.reason,
            occurredOn: v.occurredOn.format('YYYY-MM-DD'),
          },
        })
      }
    >
      <Form.Item name="memberId" label="党员" rules={[{ required: true, message: '请选择党员' }]}>
        <MemberPicker orgId={orgId} />
      </Form.Item>
      <Form.Item name="kind" label="类别">
        <Radio.Group
          options={[
            { value: 'award', label: '奖励（加分）' },
            { value: 'deduction', label: '扣分' },
          ]}
        />
      </Form.Item>
      <Form.Item
        name="points"
        label="分值"
        extra={`每次不超过${max}分`}
        rules={[{ required: true, message: '请填写分值' }]}
      >
        <InputNumber min={1} max={max} precision={0} style={{ width: 120 }} />
      </Form.Item>
      <Form.Item name="occurredOn" label="事由日期" rules={[{ required: true, message: '请选择日期' }]}>
        <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
      </Form.Item>
      <Form.Item
        name="reason"
        label="理由"
        rules={[{ required: true, min: 4, message: '请写明理由（至少4个字）' }]}
      >
        <Input.TextArea rows={3} maxLength={200} showCount placeholder="如：汛期带头参加防汛值守，表现突出" />
      </Form.Item>
      <div className="muted small">
        提交后须由您以外、对该党员有批准权限的另一人（支委会或上级党组织）批准才计入积分。
      </div>
    </FormModal>
  );
}

function DecideAwardModal({
  award,
  approve,
  onClose,
  onSubmit,
}: {
  award: AwardDto;
  approve: boolean;
  onClose: () => void;
  onSubmit: (note?: string) => Promise<unknown>;
}) {
  const [form] = Form.useForm<{ note?: string }>();
  return (
    <FormModal
      title={`${approve ? '批准' : '驳回'}：${award.memberName} ${signed(award.points)}分`}
      open
      form={form}
      onClose={onClose}
      okText={approve ? '批准' : '驳回'}
      danger={!approve}
      onSubmit={(v) => onSubmit(v.note)}
    >
      <p>理由：{award.reason}</p>
      <p className="muted">提出人：{award.proposedByName}</p>
      <Form.Item name="note" label="意见">
        <Input.TextArea rows={2} maxLength={200} />
      </Form.Item>
    </FormModal>
  );
}

function FlagsTab({ orgId, filters, update }: { orgId: number; filters: Filters; update: Update }) {
  const { data: me } = useMe();
  const status = (filters.flagStatus ?? 'open') as FlagStatus;
  const q = useFlags(orgId, {
    status,
    kind: filters.flagKind as FlagKind | undefined,
    current: filters.current,
    pageSize: filters.pageSize,
  });
  const decide = useDecideFlag();
  const [deciding, setDeciding] = useState<FlagDto | null>(null);
  const [form] = Form.useForm<{ status: 'cleared' | 'confirmed'; note: string }>();
  const canDecide = me?.permissions.includes('points.approve');
  const columns: ColumnsType<FlagDto> = [
    { title: '发现日期', dataIndex: 'raisedOn', width: 110 },
    {
      title: '党员',
      dataIndex: 'memberName',
      width: 110,
      render: (n: string, f) => <Link to={`/points/members/${f.memberId}`}>{n}</Link>,
    },
    { title: '所在党组织', dataIndex: 'orgName', responsive: ['lg'] },
    {
      title: '类型',
      dataIndex: 'kind',
      width: 150,
      render: (k: FlagDto['kind']) => <Tag color="orange">{FLAG_KIND_LABELS[k]}</Tag>,
    },
    { title: '情况', dataIndex: 'summary' },
    {
      title: status === 'open' ? '操作' : '核查结果',
      width: 180,
      render: (_: unknown, f) =>
        f.status === 'open' ? (
          canDecide ? (
            <Button size="small" onClick={() => setDeciding(f)}>
              核查
            </Button>
          ) : null
        ) : (
          <div>
            <Tag color={f.status === 'confirmed' ? 'red' : 'green'}>{FLAG_STATUS_LABELS[f.status]}</Tag>
            <div className="muted small">
              {f.decidedByName}：{f.decisionNote}
            </div>
          </div>
        ),
    },
  ];
  return (
    <>
      <PagedTable<FlagDto>
        query={q}
        current={filters.current}
        pageSize={filters.pageSize}
        onPageChange={(change) => update(change)}
        columns={columns}
        emptyText={status === 'open' ? '没有待核查的异常' : '暂无记录'}
        data-testid="points-flags"
        header={
          <Space style={{ padding: '8px 0' }} wrap>
            <Radio.Group
              value={status}
              onChange={(e) =>
                update({
                  flagStatus: e.target.value === 'open' ? undefined : e.target.value,
                  current: undefined,
                })
              }
              optionType="button"
              options={FLAG_STATUSES.map((s) => ({ value: s, label: FLAG_STATUS_LABELS[s] }))}
            />
            <Select
              allowClear
              placeholder="全部类型"
              value={filters.flagKind}
              onChange={(k) => update({ flagKind: k, current: undefined })}
              options={FLAG_KINDS.map((k) => ({ value: k, label: FLAG_KIND_LABELS[k] }))}
              style={{ width: 180 }}
            />
          </Space>
        }
      />
      {deciding ? (
        <FormModal
          title={`核查：${deciding.memberName}（${FLAG_KIND_LABELS[deciding.kind]}）`}
          open
          form={form}
          onClose={() => setDeciding(null)}
          okText="提交核查结果"
          initialValues={{ status: 'cleared' }}
          onSubmit={(v) => decide.mutateAsync({ params: { id: deciding.id }, body: v })}
        >
          <p>{deciding.summary}</p>
          <Form.Item name="status" label="结论">
            <Radio.Group
              options={[
                { value: 'cleared', label: '排除（属正常情况）' },
                { value: 'confirmed', label: '确认（存在问题）' },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="note"
            label="核查情况"
            rules={[{ required: true, min: 2, message: '请写明核查情况' }]}
          >
            <Input.TextArea rows={3} maxLength={200} showCount />
          </Form.Item>
          <div className="muted small">确认存在问题需要扣分的，请另行提出扣分，经另一人批准后计入。</div>
        </FormModal>
      ) : null}
    </>
  );
}

function RulesTab({ year }: { year: number }) {
  const q = usePointSources(year);
  const rows = q.data?.sources ?? [];
  return (
    <Card>
      <Table
        rowKey="code"
        pagination={false}
        loading={q.isLoading}
        dataSource={rows}
        columns={[
          {
            title: '积分来源',
            dataIndex: 'title',
            render: (t: string, r) => (
              <span>
                {t} {r.active ? null : <Tag>尚未启用</Tag>}
              </span>
            ),
          },
          {
            title: '每次',
            dataIndex: 'value',
            width: 80,
            align: 'right',
            render: (v: number | null, r) => (v === null ? '—' : signed(r.direction === 'deduct' ? -v : v)),
          },
          {
            title: '每日上限',
            dataIndex: 'daily',
            width: 90,
            align: 'right',
            render: (v: number | null) => v ?? '—',
          },
          {
            title: '每年上限',
            dataIndex: 'yearly',
            width: 90,
            align: 'right',
            render: (v: number | null) => v ?? '—',
          },
          { title: '说明', dataIndex: 'note', responsive: ['md'], render: (n: string | null) => n ?? '' },
        ]}
      />
      <div className="muted small" style={{ marginTop: 12 }}>
        {q.data
          ? `${q.data.year}年适用的规则；单次奖励或扣分不超过${q.data.awardMax}分。规则可在“规则库”查看出处。`
          : null}
      </div>
    </Card>
  );
}
