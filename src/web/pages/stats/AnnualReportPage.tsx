import { CheckCircleFilled, WarningFilled } from '@ant-design/icons';
import {
  Alert,
  Card,
  DatePicker,
  Empty,
  Segmented,
  Select,
  Skeleton,
  Space,
  Statistic,
  Table,
  Tag,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { z } from 'zod';
import { type ReportRowDto, type ReportTableDto, statsApi } from '../../../shared/contracts/stats';
import { useMe } from '../../api/hooks';
import { type AnnualReport, useAnnualReport } from '../../api/stats';
import { ExportButton } from '../../components/ExportButton';
import { OrgPicker } from '../../components/OrgPicker';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useIsPhone } from '../../hooks/useMediaQuery';
import { param, useUrlFilters } from '../../hooks/useUrlFilters';
import './stats.css';

const filterSchema = z.object({
  orgId: param.int(),
  /** A report as of a date, or else of a whole year (last year by default). */
  asOf: param.date(),
  year: param.int().default(() => dayjs().year() - 1),
});

/** Years offered: this year back ten years (a report of an earlier year is asked through the API). */
const yearOptions = () => {
  const now = dayjs().year();
  return Array.from({ length: 11 }, (_, i) => ({ value: now - i, label: `${now - i}年` }));
};

function reportColumns(t: ReportTableDto, phone: boolean): ColumnsType<ReportRowDto> {
  return [
    {
      title: '项目',
      dataIndex: 'label',
      render: (label: string, r) => <span className={`report-label indent-${r.indent}`}>{label}</span>,
    },
    ...t.columns.map((c, i) => ({
      title: c,
      key: c,
      width: phone ? 72 : 120,
      align: 'right' as const,
      render: (_: unknown, r: ReportRowDto) => {
        if (!r.values.length) return null;
        const v = r.values[i];
        if (v === null || v === undefined) return <span className="muted">—</span>;
        if (r.key === 'flows.check')
          return v === 0 ? <Tag color="success">0</Tag> : <Tag color="error">{v}</Tag>;
        return c.includes('%') ? v.toFixed(1) : v.toLocaleString('zh-CN');
      },
    })),
  ];
}

function Headline({ r }: { r: AnnualReport }) {
  const value = (key: string) => {
    for (const t of r.tables) {
      const row = t.rows.find((x) => x.key === key);
      if (row) return row.values[0] ?? 0;
    }
    return 0;
  };
  return (
    <div className="stat-grid" data-testid="report-headline">
      <Statistic title="期末党员数" value={r.reconciliation.closing} suffix="名" />
      <Statistic title="本期发展党员" value={value('development.total')} suffix="名" />
      <Statistic title="本期增加" value={r.reconciliation.increases} suffix="名" />
      <Statistic title="本期减少" value={r.reconciliation.decreases} suffix="名" />
      <Statistic title="党组织（不含党小组）" value={value('orgs.total')} suffix="个" />
    </div>
  );
}

export default function AnnualReportPage() {
  const { filters, setFilters: update } = useUrlFilters(filterSchema);
  const { data: me } = useMe();
  const orgId = filters.orgId ?? me?.scopeRoots[0]?.orgId;
  const { asOf, year } = filters;
  const mode = asOf ? 'date' : 'year';
  const period = asOf ? { asOf } : { year };
  const report = useAnnualReport(orgId, period);
  const phone = useIsPhone();
  const r = report.data;

  return (
    <div data-testid="annual-report-page">
      <PageHeader
        title="统计年报"
        subtitle="按党内统计年报口径统计本组织及全部下级；历史数据按当时的组织隶属关系计算，事后调整不影响已有年报"
        extra={
          orgId ? (
            <ExportButton
              contract={statsApi.report}
              params={{ id: orgId }}
              query={{ ...period, format: 'xlsx' }}
              label="下载年报（.xlsx）"
              fallbackName="统计年报.xlsx"
              testId="report-download"
            />
          ) : null
        }
      />
      <Card className="report-controls">
        <Space wrap size={[12, 12]}>
          <OrgPicker
            value={orgId}
            onChange={(v) => update({ orgId: v })}
            style={{ width: 320, maxWidth: '100%' }}
            testId="report-org"
          />
          <Segmented
            value={mode}
            onChange={(v) =>
              v === 'year'
                ? update({ asOf: undefined, year })
                : update({ asOf: dayjs().format('YYYY-MM-DD'), year: undefined })
            }
            options={[
              { value: 'year', label: '按年度' },
              { value: 'date', label: '截至日期' },
            ]}
            data-testid="report-mode"
          />
          {mode === 'year' ? (
            <Select
              value={year}
              options={yearOptions()}
              onChange={(v) => update({ year: v })}
              style={{ width: 120 }}
              data-testid="report-year"
            />
          ) : (
            <DatePicker
              value={dayjs(asOf)}
              allowClear={false}
              disabledDate={(d: Dayjs) => d.isAfter(dayjs(), 'day')}
              onChange={(d) => d && update({ asOf: d.format('YYYY-MM-DD') })}
              data-testid="report-as-of"
            />
          )}
        </Space>
      </Card>
      {report.isError ? (
        <QueryError error={report.error} />
      ) : !r ? (
        <Card>
          {orgId ? <Skeleton active paragraph={{ rows: 8 }} /> : <Empty description="请选择党组织" />}
        </Card>
      ) : (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Card>
            <div className="report-title">
              <h2>
                {r.org.name} {r.year}年党内统计{r.partial ? `（截至${r.to}）` : '年报'}
              </h2>
              <span className="muted">
                统计期间 {r.from} 至 {r.to}
              </span>
            </div>
            <FiguresSource r={r} />
            <Headline r={r} />
            <Alert
              className="report-balance"
              data-testid="report-balance"
              type={r.reconciliation.balanced ? 'success' : 'error'}
              showIcon
              icon={r.reconciliation.balanced ? <CheckCircleFilled /> : <WarningFilled />}
              message={
                <span>
                  期初 {r.reconciliation.opening} + 增加 {r.reconciliation.increases} − 减少{' '}
                  {r.reconciliation.decreases} = 期末 {r.reconciliation.closing}
                  {r.reconciliation.balanced ? '，增减平衡' : '，增减不平衡，请核查党员名册记录'}
                </span>
              }
            />
          </Card>
          <Corrections r={r} />
          {r.tables.map((t) => (
            <Card
              key={t.code}
              title={
                <span>
                  <Tag color="red">{t.code}</Tag>
                  {t.title}
                </span>
              }
              data-testid={`report-table-${t.code}`}
              className="report-card"
            >
              <Table<ReportRowDto>
                rowKey="key"
                size="small"
                pagination={false}
                columns={reportColumns(t, phone)}
                dataSource={t.rows}
                rowClassName={(row) =>
                  row.values.length ? `report-row indent-${row.indent}` : 'report-row report-heading'
                }
                tableLayout="fixed"
              />
              {t.note ? <p className="report-note">注：{t.note}</p> : null}
            </Card>
          ))}
        </Space>
      )}
    </div>
  );
}

/**
 * Where the figures come from (decision 0051): a closed year's kept figures, or figures computed
 * now. Kept figures that a late correction made stale are never shown: the page says the figures
 * are computed from the current records until the nightly recomputation.
 */
function FiguresSource({ r }: { r: AnnualReport }) {
  if (r.figures.recomputing) {
    return (
      <Alert
        className="report-source"
        data-testid="report-source"
        type="warning"
        showIcon
        message="该年度数据在归档后有更正，正在重新计算；以下为按当前党员名册记录实时计算的结果"
      />
    );
  }
  if (r.figures.source === 'kept') {
    return (
      <p className="report-source muted" data-testid="report-source">
        年度归档数据（{r.figures.keptAt}归档{r.corrections.length ? '，归档后有更正并已重新计算' : ''}）
      </p>
    );
  }
  return null;
}

/** The late corrections that changed a kept year's figures: what, when it took effect, who recorded it. */
function Corrections({ r }: { r: AnnualReport }) {
  if (!r.corrections.length) return null;
  return (
    <Card title="归档后的更正" data-testid="report-corrections" className="report-card">
      <Table
        rowKey={(c) => `${c.recordedAt}-${c.what}-${c.occurredOn}-${c.orgName}`}
        size="small"
        pagination={false}
        dataSource={r.corrections}
        columns={[
          { title: '更正内容', dataIndex: 'what' },
          { title: '党组织', dataIndex: 'orgName', render: (v: string | null) => v ?? '—' },
          { title: '生效日期', dataIndex: 'occurredOn', width: 110 },
          { title: '登记时间', dataIndex: 'recordedAt', width: 150 },
          { title: '登记人', dataIndex: 'recordedBy', render: (v: string | null) => v ?? '—' },
          {
            title: '状态',
            dataIndex: 'pending',
            width: 100,
            render: (pending: boolean) =>
              pending ? <Tag color="warning">待重新计算</Tag> : <Tag color="success">已计入</Tag>,
          },
        ]}
      />
    </Card>
  );
}
