import {
  App,
  Card,
  Col,
  DatePicker,
  Empty,
  InputNumber,
  Progress,
  Row,
  Skeleton,
  Spin,
  Statistic,
  Table,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { z } from 'zod';
import type { PlanDto } from '../../../../shared/contracts/development';
import { errorMessage } from '../../../api/client';
import { usePlan, useSetQuota } from '../../../api/development';
import { useMe } from '../../../api/hooks';
import { EChart, type EChartOption } from '../../../components/EChart';
import { FilterBar } from '../../../components/FilterBar';
import { OrgPicker } from '../../../components/OrgPicker';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { type FilterPatch, param, useUrlFilters } from '../../../hooks/useUrlFilters';
import { pct } from '../development';

const filterSchema = z.object({ orgId: param.int(), year: param.int().default(() => dayjs().year()) });
type Child = PlanDto['children'][number];

function chartOption(p: PlanDto): EChartOption {
  const rows = p.children;
  return {
    grid: { left: 40, right: 16, top: 36, bottom: rows.length > 6 ? 80 : 40 },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, itemWidth: 12, itemHeight: 8 },
    xAxis: {
      type: 'category',
      data: rows.map((r) => r.name),
      axisLabel: { interval: 0, rotate: rows.length > 6 ? 30 : 0, width: 90, overflow: 'truncate' },
    },
    yAxis: { type: 'value', name: '人', minInterval: 1, splitLine: { lineStyle: { type: 'dashed' } } },
    series: [
      {
        name: '计划名额',
        type: 'bar',
        data: rows.map((r) => r.quota ?? 0),
        itemStyle: { color: '#d9d9d9' },
        barMaxWidth: 26,
      },
      {
        name: '已接收预备党员',
        type: 'bar',
        data: rows.map((r) => r.admitted),
        itemStyle: { color: '#b7141b' },
        barMaxWidth: 26,
      },
    ],
  };
}

function QuotaInput({ child, year, canSet }: { child: Child; year: number; canSet: boolean }) {
  const set = useSetQuota();
  const { message } = App.useApp();
  if (!canSet) return <span>{child.quota ?? '—'}</span>;
  return (
    <InputNumber
      key={`${child.orgId}-${child.quota}`}
      min={0}
      max={100000}
      precision={0}
      defaultValue={child.quota ?? undefined}
      placeholder="未下达"
      size="small"
      style={{ width: 100 }}
      disabled={set.isPending}
      data-testid={`quota-${child.orgId}`}
      onBlur={(e) => {
        const raw = e.target.value.trim();
        if (raw === '' || Number(raw) === child.quota) return;
        const quota = Number(raw);
        if (!Number.isInteger(quota) || quota < 0) return;
        set
          .mutateAsync({ orgId: child.orgId, year, quota })
          .then(() => message.success(`已下达 ${child.name} ${year}年发展名额 ${quota} 名`))
          .catch((err) => message.error(errorMessage(err)));
      }}
      onPressEnter={(e) => (e.target as HTMLInputElement).blur()}
    />
  );
}

/**
 * 发展计划 (`/development/plans?orgId=&year=`): the org's yearly development quota and progress, and
 * its children's quotas (set inline by the committee holding the org with development.approve).
 */
export default function PlansPage() {
  const { filters, setFilters } = useUrlFilters(filterSchema);
  const { data: me } = useMe();
  const orgId = filters.orgId ?? me?.scopeRoots[0]?.orgId;
  const { year } = filters;
  const plan = usePlan(orgId, year);
  const p = plan.data;
  const option = useMemo(() => (p?.children.length ? chartOption(p) : undefined), [p]);

  // A pushed entry: the back button undoes a drill-down into a child's plan.
  const update = (patch: FilterPatch<typeof filterSchema>) => setFilters(patch, { push: true });

  const columns: ColumnsType<Child> = [
    {
      title: '下级党组织',
      dataIndex: 'name',
      ellipsis: true,
      render: (name: string, r) => (
        <a
          href={`/development/plans?orgId=${r.orgId}&year=${year}`}
          onClick={(e) => {
            e.preventDefault();
            update({ orgId: r.orgId });
          }}
        >
          {name}
        </a>
      ),
    },
    {
      title: '计划名额',
      key: 'quota',
      width: 130,
      render: (_: unknown, r) => <QuotaInput child={r} year={year} canSet={!!p?.canSet} />,
    },
    { title: '已接收', dataIndex: 'admitted', width: 90, align: 'right' },
    {
      title: '完成进度',
      key: 'progress',
      width: 200,
      render: (_: unknown, r) =>
        r.quota ? (
          <Progress
            percent={pct(r.admitted, r.quota)}
            size="small"
            strokeColor="#b7141b"
            format={() => `${r.admitted}/${r.quota}`}
          />
        ) : (
          <span className="muted">未下达名额</span>
        ),
    },
  ];

  return (
    <div className="page">
      <PageHeader
        title="发展计划"
        subtitle="年度发展党员计划名额与完成情况。上级党委下达下级党组织的名额；已接收指当年经上级党委审批接收的预备党员。"
      />
      <FilterBar>
        <OrgPicker
          value={orgId}
          onChange={(id) => update({ orgId: id })}
          allowClear={false}
          placeholder="选择党组织"
          style={{ width: 300 }}
          className="filter-wide"
          testId="plan-org"
        />
        <DatePicker
          picker="year"
          value={dayjs(`${year}-01-01`)}
          onChange={(d) => update({ year: d ? d.year() : undefined })}
          allowClear={false}
          style={{ width: 120 }}
          data-testid="plan-year"
        />
      </FilterBar>
      {!orgId ? (
        <Card>
          <Empty description="请选择党组织" />
        </Card>
      ) : plan.error && !p ? (
        <QueryError error={plan.error} onRetry={() => plan.refetch()} />
      ) : !p ? (
        <Card>
          <Skeleton active paragraph={{ rows: 6 }} />
        </Card>
      ) : (
        <Spin spinning={plan.isPlaceholderData} delay={150}>
          <div className="page">
            <Card title={`${p.orgName} ${p.year}年`} data-testid="plan-summary">
              <Row gutter={[24, 16]} align="middle">
                <Col xs={12} md={5}>
                  <Statistic
                    title="计划名额"
                    value={p.quota ?? '未下达'}
                    suffix={p.quota !== null ? '名' : undefined}
                  />
                </Col>
                <Col xs={12} md={5}>
                  <Statistic
                    title="已接收预备党员"
                    value={p.admitted}
                    suffix="名"
                    styles={{ content: { color: '#b7141b' } }}
                  />
                </Col>
                <Col xs={12} md={5}>
                  <Statistic title="在途发展对象" value={p.inPipeline} suffix="名" />
                </Col>
                <Col xs={24} md={9}>
                  <div className="muted small" style={{ marginBottom: 4 }}>
                    完成进度
                  </div>
                  {p.quota ? (
                    <Progress
                      percent={pct(p.admitted, p.quota)}
                      strokeColor="#b7141b"
                      format={(n) => `${n}%`}
                      data-testid="plan-progress"
                    />
                  ) : (
                    <span className="muted">本年度尚未下达计划名额</span>
                  )}
                </Col>
              </Row>
              {p.note ? (
                <div className="muted small" style={{ marginTop: 8 }}>
                  说明：{p.note}
                </div>
              ) : null}
            </Card>
            {p.children.length ? (
              <Row gutter={[16, 16]}>
                <Col xs={24} xl={12}>
                  <Card
                    title="下级党组织名额"
                    extra={
                      p.canSet ? <span className="muted small">修改名额后按回车或点击空白处保存</span> : null
                    }
                  >
                    <Table<Child>
                      size="small"
                      rowKey="orgId"
                      dataSource={p.children}
                      columns={columns}
                      pagination={{ pageSize: 12, hideOnSinglePage: true, showSizeChanger: false }}
                      scroll={{ x: 520 }}
                      data-testid="plan-children"
                    />
                  </Card>
                </Col>
                <Col xs={24} xl={12}>
                  <Card title="名额与完成情况" style={{ height: '100%' }}>
                    {option ? <EChart option={option} style={{ height: 300 }} testId="plan-chart" /> : null}
                  </Card>
                </Col>
              </Row>
            ) : null}
          </div>
        </Spin>
      )}
    </div>
  );
}
