import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import {
  ARREARS_LEVEL_LABELS,
  ARREARS_LEVELS,
  type ArrearsLevel,
  LAPSE_DECISION_LABELS,
  LAPSE_DECISIONS,
  type LapseDecision,
  yuan,
} from '../../../../domain/dues';
import { exportsApi } from '../../../../shared/contracts/exports';
import { type ArrearsRow, useArrears, useLapseDecision } from '../../../api/dues';
import { ExportButton } from '../../../components/ExportButton';
import { FormModal } from '../../../components/FormModal';
import { OrgPicker } from '../../../components/OrgPicker';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { fmtDate, toIsoDate } from '../../../format';
import { useIsPhone } from '../../../hooks/useMediaQuery';
import { param } from '../../../hooks/useUrlFilters';
import { duesFilterSchema, LevelTag, monthRangeText, monthText, useDuesParams } from '../common';
import '../dues.css';

const filterSchema = duesFilterSchema.extend({ level: param.oneOf(ARREARS_LEVELS) });

interface DecisionValues {
  decision?: LapseDecision;
  decidedOn: Dayjs;
  deadlineOn?: Dayjs;
  note: string;
}

type Run = NonNullable<ArrearsRow['openRun']>;

/** When the warning of a run went out, as the branch reads it. */
function warnedText(run: Run, warning: Run | undefined): string {
  const at = warning?.memberNotifiedAt ?? (run.level === 'warning' ? run.memberNotifiedAt : null);
  return at ? `已于${fmtDate(at.slice(0, 10))}提醒本人` : '系统未记录向本人发出的提醒';
}

/** The run's months, how long and what they were owed: "2026年5—10月，连续6个月，应交240.00元". */
const runText = (run: Run) =>
  `${monthRangeText(run.firstMonth, run.lastMonth)}，连续${run.months}个月，应交${yuan(run.expectedFen)}元`;

function DecisionModal({ row, run, onClose }: { row: ArrearsRow; run: Run; onClose: () => void }) {
  const [form] = Form.useForm<DecisionValues>();
  const decide = useLapseDecision();
  const { message } = App.useApp();
  const decision = Form.useWatch('decision', form);
  return (
    <FormModal<DecisionValues>
      title={`记录党支部决定：${row.memberName}`}
      open
      onClose={onClose}
      form={form}
      testId="decision-form"
      initialValues={{ decidedOn: dayjs() }}
      onSubmit={async (v) => {
        const res = await decide.mutateAsync({
          runId: run.id,
          decision: v.decision!,
          decidedOn: toIsoDate(v.decidedOn)!,
          deadlineOn: v.decision === 'deadline_set' ? toIsoDate(v.deadlineOn) : undefined,
          note: v.note.trim(),
        });
        message.success(res?.message || '已记录党支部的决定');
      }}
    >
      <Alert
        type={run.level === 'lapse' ? 'error' : 'info'}
        showIcon
        style={{ marginBottom: 16 }}
        title={`${runText(run)}${run.ongoing ? '，至今未交' : ''}。`}
        description={
          <div className="small" data-testid="decision-run">
            {run.level === 'lapse'
              ? '达到党章第九条“连续六个月不交纳党费”的情形，须由党支部研究决定。'
              : '应批评教育、限期改正（党费规定第十三条）。'}
            {warnedText(
              run,
              row.runs.find((r) => r.level === 'warning' && r.firstMonth <= run.firstMonth),
            )}
            。 目前欠交 {yuan(row.arrearsFen)} 元。
          </div>
        }
      />
      <Form.Item
        name="decision"
        label="党支部决定"
        rules={[{ required: true, message: '请选择党支部的决定' }]}
      >
        <Select
          options={LAPSE_DECISIONS.filter((d) => run.level === 'lapse' || d === 'deadline_set').map((d) => ({
            value: d,
            label: LAPSE_DECISION_LABELS[d],
          }))}
          data-testid="decision-kind"
        />
      </Form.Item>
      <div className="form-row-2">
        <Form.Item name="decidedOn" label="决定日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        {decision === 'deadline_set' ? (
          <Form.Item name="deadlineOn" label="限期改正至" rules={[{ required: true, message: '请选择期限' }]}>
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
          </Form.Item>
        ) : null}
      </div>
      <Form.Item
        name="note"
        label="决定说明"
        rules={[
          { required: true, whitespace: true, message: '请填写决定说明' },
          { min: 4, message: '至少4个字' },
        ]}
        extra="如：支部委员会会议研究情况、谈话情况、正当理由等"
      >
        <Input.TextArea rows={3} maxLength={2000} data-testid="decision-note" />
      </Form.Item>
    </FormModal>
  );
}

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
      <Card>
        <div className="filters">
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
        </div>
      </Card>
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
