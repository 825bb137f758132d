import { Alert, Button, Card, Empty, Segmented, Space, Table, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link } from 'react-router';
import {
  ARREARS_LEVEL_LABELS,
  ARREARS_LEVELS,
  type ArrearsLevel,
  LAPSE_DECISION_LABELS,
  yuan,
} from '../../../../domain/dues';
import { exportsApi } from '../../../../shared/contracts/exports';
import { type ArrearsRow, useArrears } from '../../../api/dues';
import { ExportButton } from '../../../components/ExportButton';
import { FilterBar } from '../../../components/FilterBar';
import { OrgPicker } from '../../../components/OrgPicker';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { fmtDate } from '../../../format';
import { useIsPhone } from '../../../hooks/useMediaQuery';
import { param } from '../../../hooks/useUrlFilters';
import { duesFilterSchema, LevelTag, monthRangeText, monthText, useDuesParams } from '../common';
import '../dues.css';
import { DecisionModal, type Run, warnedText } from './DecisionModal';

const filterSchema = duesFilterSchema.extend({ level: param.oneOf(ARREARS_LEVELS) });

/**
 * 欠费名单 (`/dues/arrears?orgId=&level=`): members with unpaid months in the subtree, flagged by
 * the rules (warning, lapse); the branch records its decision. The system only flags.
 */
export default function ArrearsPage() {
  const { filters, orgId, update, me } = useDuesParams(filterSchema);
  const { level } = filters;
  const [page, setPage] = useState({ current: 1, pageSize: 50 });
  const arrears = useArrears({ orgId, level, ...page });
  const [deciding, setDeciding] = useState<{ row: ArrearsRow; run: Run } | null>(null);
  const isPhone = useIsPhone();
  const [showRules, setShowRules] = useState(false);
  const canWrite = !!me?.permissions.includes('dues.write');
  const data = arrears.data;
  const counts = data?.counts;
  const all = counts ? counts.lapse + counts.warning + counts.arrears : undefined;
  const rules = data?.rules;

  const rows = data?.data ?? [];
  const manyOrgs = rows.some((r) => r.orgId !== orgId);
  const columns: ColumnsType<ArrearsRow> = [
    {
      title: '姓名',
      dataIndex: 'memberName',
      width: 90,
      fixed: 'left',
      render: (n: string, r) => (
        <Link to={`/members/${r.memberId}`} data-testid="arrears-name">
          {n}
        </Link>
      ),
    },
    ...(manyOrgs ? [{ title: '党组织', dataIndex: 'orgName', ellipsis: true, width: 180 } as const] : []),
    {
      title: '状态',
      dataIndex: 'level',
      width: 80,
      render: (l: ArrearsLevel) => <LevelTag level={l} />,
    },
    {
      title: '连续未交',
      dataIndex: 'unpaidStreak',
      width: 86,
      align: 'center',
      render: (n: number) => (n ? `${n}个月` : '—'),
    },
    {
      title: '待决定',
      dataIndex: 'openRun',
      width: 200,
      render: (run: ArrearsRow['openRun'], r) =>
        run ? (
          <div className="small" data-testid="arrears-open-run">
            <div>
              {monthRangeText(run.firstMonth, run.lastMonth)}（{run.months}个月）
              {run.ongoing ? null : (
                <Tag color="blue" style={{ marginInlineStart: 4 }}>
                  已补交
                </Tag>
              )}
            </div>
            <div className="muted">
              应交 {yuan(run.expectedFen)} 元 ·{' '}
              {warnedText(
                run,
                r.runs.find((x) => x.level === 'warning' && x.firstMonth <= run.firstMonth),
              )}
            </div>
          </div>
        ) : (
          <span className="muted">—</span>
        ),
    },
    {
      title: '欠交月份',
      dataIndex: 'owedMonths',
      width: 180,
      render: (ms: string[]) =>
        ms.length ? (
          <Tooltip title={ms.map(monthText).join('、')}>
            <span style={{ whiteSpace: 'nowrap' }}>
              {ms.length > 2
                ? `${monthRangeText(ms[0]!, ms[ms.length - 1]!)}（${ms.length}个月）`
                : ms.map(monthText).join('、')}
            </span>
          </Tooltip>
        ) : (
          '—'
        ),
    },
    {
      title: '欠交金额',
      dataIndex: 'arrearsFen',
      align: 'right',
      width: 96,
      render: (v: number) =>
        v ? <b style={{ color: '#cf1322' }}>{yuan(v)}</b> : <span className="muted">0.00</span>,
    },
    {
      title: '超过补交期限',
      dataIndex: 'beyondBackpay',
      width: 120,
      render: (ms: string[]) =>
        ms.length ? (
          <Tooltip title={`${ms.map(monthText).join('、')}：超过可补交的期限，由党支部研究处理`}>
            <Tag color="volcano" style={{ marginInlineEnd: 0 }} data-testid="beyond-backpay">
              {ms.length}个月
            </Tag>
          </Tooltip>
        ) : (
          <span className="muted">—</span>
        ),
    },
    { title: '最后交纳', dataIndex: 'lastPaidOn', width: 104, render: fmtDate },
    {
      title: '处理决定',
      dataIndex: 'decision',
      width: 200,
      render: (d: ArrearsRow['decision']) =>
        d ? (
          <Tooltip title={`${d.note}${d.recordedByName ? `（${d.recordedByName}记录）` : ''}`}>
            <div className="small">
              <div>{LAPSE_DECISION_LABELS[d.decision]}</div>
              <div className="muted">
                {fmtDate(d.decidedOn)}
                {d.deadlineOn ? `，限期至 ${fmtDate(d.deadlineOn)}` : ''}
              </div>
            </div>
          </Tooltip>
        ) : (
          <span className="muted">{'未记录'}</span>
        ),
    },
    {
      title: '操作',
      key: 'act',
      width: 170,
      render: (_: unknown, r) => (
        <Space size={4} wrap>
          {canWrite && r.owedMonths.length ? (
            <Link
              to={`/dues/collection?orgId=${r.orgId}&month=${r.owedMonths[0]}&q=${encodeURIComponent(r.memberName)}`}
              data-testid="arrears-backpay"
            >
              <Button size="small" type="link" style={{ paddingInline: 4 }}>
                登记补交
              </Button>
            </Link>
          ) : null}
          {canWrite && r.openRun ? (
            <Button
              size="small"
              type="link"
              style={{ paddingInline: 4 }}
              onClick={() => setDeciding({ row: r, run: r.openRun! })}
              data-testid="arrears-decide"
            >
              记录决定
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];

  // On a phone the amount comes right after the status, and the streak (also in the months) goes.
  if (isPhone) {
    const at = columns.findIndex((c) => 'dataIndex' in c && c.dataIndex === 'arrearsFen');
    const [amount] = columns.splice(at, 1);
    columns.splice(columns.findIndex((c) => 'dataIndex' in c && c.dataIndex === 'level') + 1, 0, amount!);
    columns.splice(
      columns.findIndex((c) => 'dataIndex' in c && c.dataIndex === 'unpaidStreak'),
      1,
    );
  }

  const seg = (l: ArrearsLevel | 'all', label: string, n: number | undefined) => ({
    value: l,
    label: (
      <span data-testid={`level-${l}`}>
        {label} <b>{n ?? '…'}</b>
      </span>
    ),
  });

  return (
    <div className="page">
      <PageHeader
        title="欠费名单"
        subtitle="按月统计未交、少交党费的党员；连续未交达到规定月数的予以标记。"
        extra={orgId ? <ExportButton contract={exportsApi.duesArrears} query={{ orgId, level }} /> : null}
      />
      <FilterBar>
        <OrgPicker
          value={orgId}
          onChange={(id) => update({ orgId: id })}
          allowClear={false}
          placeholder="选择党组织"
          style={{ width: 300 }}
          className="filter-wide"
          testId="arrears-org"
        />
        <Segmented
          value={level ?? 'all'}
          onChange={(v) => {
            setPage((p) => ({ ...p, current: 1 }));
            update({ level: v === 'all' ? undefined : (v as string) });
          }}
          options={[
            seg('all', '全部', all),
            seg('lapse', '待决定', counts?.lapse),
            seg('warning', '提醒', counts?.warning),
            seg('arrears', '欠交', counts?.arrears),
          ]}
          className="filter-wide"
          data-testid="arrears-level"
        />
      </FilterBar>
      {rules ? (
        <Alert
          type="warning"
          showIcon
          data-testid="arrears-rules"
          title={
            <span>
              系统只作标记，由党支部研究决定
              {isPhone ? (
                <Button type="link" size="small" onClick={() => setShowRules((v) => !v)}>
                  {showRules ? '收起' : '依据'}
                </Button>
              ) : null}
            </span>
          }
          description={
            isPhone && !showRules ? undefined : (
              <div className="small">
                连续 {rules.warningMonths} 个月未交纳党费的，标记为“提醒”，党支部应当批评教育、限期改正；连续{' '}
                {rules.lapseMonths}{' '}
                个月不交纳党费的，标记为“待决定”，此后即使补交，仍保留在名单上直至党支部记录决定——依据《中国共产党章程》第九条，“党员如果没有正当理由，连续六个月不参加党的组织生活，或不交纳党费，或不做党所分配的工作，就被认为是自行脱党”，由党支部研究决定并报上级党委批准。欠交党费补交一般不超过{' '}
                {rules.backpayMaxMonths}{' '}
                个月，超过期限的月份单独标出（《关于中国共产党党费收缴、使用和管理的规定》第十三条）。
                <div className="muted" style={{ marginTop: 4 }}>
                  {(Object.keys(ARREARS_LEVEL_LABELS) as ArrearsLevel[]).map((l) => (
                    <span key={l} style={{ marginInlineEnd: 12, whiteSpace: 'nowrap' }}>
                      <LevelTag level={l} /> {ARREARS_LEVEL_LABELS[l]}
                    </span>
                  ))}
                </div>
              </div>
            )
          }
        />
      ) : null}
      {!orgId ? (
        <Card>
          <Empty description="请选择党组织" />
        </Card>
      ) : arrears.error && !data ? (
        <QueryError error={arrears.error} onRetry={() => arrears.refetch()} />
      ) : (
        <Card styles={{ body: { padding: 0 } }}>
          <Table<ArrearsRow>
            rowKey="memberId"
            size="small"
            dataSource={rows}
            columns={columns}
            loading={arrears.isFetching}
            scroll={{ x: 'max-content' }}
            locale={{
              emptyText: (
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={arrears.isLoading ? '加载中…' : '没有欠交党费的党员'}
                />
              ),
            }}
            pagination={{
              current: page.current,
              pageSize: page.pageSize,
              total: data?.total ?? 0,
              hideOnSinglePage: true,
              showTotal: (t) => `共 ${t} 人`,
              onChange: (current, pageSize) => setPage({ current, pageSize }),
              style: { paddingInline: 16 },
            }}
            data-testid="arrears-table"
          />
        </Card>
      )}
      {deciding ? (
        <DecisionModal row={deciding.row} run={deciding.run} onClose={() => setDeciding(null)} />
      ) : null}
    </div>
  );
}
