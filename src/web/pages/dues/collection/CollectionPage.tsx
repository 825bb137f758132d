import { CheckOutlined, UploadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Input,
  Pagination,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
} from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { LEDGER_STATUS_LABELS, LEDGER_STATUSES, type PaymentMethod, yuan } from '../../../../domain/dues';
import { duesApi } from '../../../../shared/contracts/dues';
import { errorDetail } from '../../../api/client';
import { type LedgerRow, useBatchPayment, useLedger } from '../../../api/dues';
import { ExportButton } from '../../../components/ExportButton';
import { FilterBar } from '../../../components/FilterBar';
import { OrgPicker } from '../../../components/OrgPicker';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { todayIso } from '../../../format';
import { useDebounced } from '../../../hooks/useDebounced';
import { useIsPhone } from '../../../hooks/useMediaQuery';
import { param } from '../../../hooks/useUrlFilters';
import { duesFilterSchema, STATUS_COLORS, useDuesParams } from '../common';
import '../dues.css';
import { CollectionList } from './CollectionList';
import { ledgerColumns, monthNo } from './ledgerColumns';
import { methodOptions, newIdempotencyKey, PaymentModal } from './PaymentModal';

const filterSchema = duesFilterSchema.extend({ status: param.oneOf(LEDGER_STATUSES), q: param.text() });

const payable = (r: LedgerRow) => r.abilities.pay && r.balanceFen > 0;

/** Typing in a field, or a dialog open: the sheet's shortcuts stay out of the way. */
function typingOrDialog(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  if (document.querySelector('.ant-modal-wrap:not([style*="display: none"]) .ant-modal')) return true;
  if (!t) return false;
  if (t.closest('.ant-select, .ant-picker, .ant-dropdown')) return true;
  return t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName)
    ? (t as HTMLInputElement).type !== 'checkbox'
    : false;
}

/**
 * 收缴登记 (`/dues/collection?orgId=&month=&status=&q=`): the monthly collection sheet of a branch
 * (or a subtree). Payments are registered per row, or several members are marked paid in full at
 * once; the keyboard moves a highlighted row (↑↓ / j k), Space selects it, Enter / p opens the
 * form and a marks it paid in full. On a phone the table becomes a list of members, each with its
 * own big 登记交纳 (CollectionList).
 */
export default function CollectionPage() {
  const { filters, orgId, month, update } = useDuesParams(filterSchema);
  const { message } = App.useApp();
  const isPhone = useIsPhone();
  const { status } = filters;
  const [search, setSearch] = useState(filters.q ?? '');
  const q = useDebounced(search.trim(), 300);
  const [current, setCurrent] = useState(1);
  const pageSize = 100;
  const ledger = useLedger({ orgId, month, status, q: q || undefined, current, pageSize });
  const rows = ledger.data?.data ?? [];
  const totals = ledger.data?.totals;
  const [selected, setSelected] = useState<number[]>([]);
  const [method, setMethod] = useState<PaymentMethod>('cash');
  const [paying, setPaying] = useState<LedgerRow | null>(null);
  const [cursor, setCursor] = useState(0);
  const batch = useBatchPayment();
  const tableRef = useRef<HTMLDivElement>(null);
  /** The batch's Idempotency-Key: kept while the same marking is retried, new for another. */
  const batchKey = useRef({ key: '', body: '' });

  // A new sheet (org, month, filters): nothing stays selected, the cursor goes back to the top.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on these inputs only
  useEffect(() => {
    setSelected([]);
    setCursor(0);
    setCurrent(1);
  }, [orgId, month, status, q]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: mirror the debounced search only
  useEffect(() => {
    if (q !== (filters.q ?? '')) update({ q });
  }, [q]);

  // Selected members who are paid meanwhile drop out of the selection.
  useEffect(() => {
    if (!ledger.data) return;
    const open = new Set(ledger.data.data.filter(payable).map((r) => r.memberId));
    setSelected((s) => (s.every((id) => open.has(id)) ? s : s.filter((id) => open.has(id))));
  }, [ledger.data]);

  const markPaid = useCallback(
    async (memberIds: number[]) => {
      if (!orgId || !memberIds.length) return;
      const names = rows.filter((r) => memberIds.includes(r.memberId)).map((r) => r.memberName);
      const body = { orgId, month, memberIds, paidOn: todayIso(), method };
      const json = JSON.stringify(body);
      if (batchKey.current.body !== json) batchKey.current = { key: newIdempotencyKey(), body: json };
      try {
        const res = await batch.mutateAsync({ body, idempotencyKey: batchKey.current.key });
        message.success(
          `已标记 ${memberIds.length} 人交清${names.length === 1 ? `（${names[0]}）` : ''}，共 ${yuan(res.paidFen)} 元`,
        );
        setSelected((s) => s.filter((id) => !memberIds.includes(id)));
      } catch (e) {
        message.error(errorDetail(e));
      }
    },
    [orgId, month, method, rows, batch, message],
  );

  // Keyboard: ↑↓ / j k move, Space selects, Enter / p opens 登记交纳, a marks paid in full.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (paying || e.ctrlKey || e.metaKey || e.altKey || typingOrDialog(e)) return;
      if (!rows.length) return;
      const row = rows[Math.min(cursor, rows.length - 1)];
      const k = e.key;
      if (k === 'ArrowDown' || k === 'j') {
        e.preventDefault();
        setCursor((c) => Math.min(c + 1, rows.length - 1));
      } else if (k === 'ArrowUp' || k === 'k') {
        e.preventDefault();
        setCursor((c) => Math.max(c - 1, 0));
      } else if (k === ' ' && row) {
        e.preventDefault();
        if (!payable(row)) return;
        setSelected((s) =>
          s.includes(row.memberId) ? s.filter((id) => id !== row.memberId) : [...s, row.memberId],
        );
      } else if ((k === 'Enter' || k === 'p') && row) {
        const t = e.target as HTMLElement;
        if (k === 'Enter' && (t.tagName === 'BUTTON' || t.tagName === 'A')) return;
        e.preventDefault();
        if (row.abilities.pay) setPaying(row);
      } else if (k === 'a' && row) {
        e.preventDefault();
        if (payable(row) && !batch.isPending) void markPaid([row.memberId]);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [rows, cursor, paying, markPaid, batch.isPending]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: follow the cursor
  useEffect(() => {
    tableRef.current?.querySelector('.dues-row-active')?.scrollIntoView({ block: 'nearest' });
  }, [cursor]);

  const manyOrgs = rows.some((r) => r.orgId !== rows[0]?.orgId);
  // Today's month as the server counts it (the standing's), so the headers agree with the figures.
  const currentMonth = rows[0]?.standing.month ?? todayIso().slice(0, 7);
  const columns = useMemo(
    () => ledgerColumns({ manyOrgs, isPhone, month, currentMonth, onPay: setPaying }),
    [manyOrgs, isPhone, month, currentMonth],
  );

  const year = Number(month.slice(0, 4));
  const byStatus = totals?.byStatus ?? {};

  return (
    <div className="page">
      <PageHeader
        title="收缴登记"
        subtitle="按月登记党员交纳党费；党员应按月交纳，每月的应交额由党费档案和规则计算。"
        extra={
          orgId ? (
            <>
              <Link to={`/dues/import?orgId=${orgId}`} data-testid="import-link">
                <Button icon={<UploadOutlined />}>导入基数</Button>
              </Link>
              <ExportButton
                contract={duesApi.ledgerExport}
                query={{ orgId, year }}
                label={`导出${year}年台账`}
                testId="export-link"
              />
            </>
          ) : undefined
        }
      />
      <FilterBar testId="ledger-filters">
        <OrgPicker
          value={orgId}
          onChange={(id) => update({ orgId: id })}
          allowClear={false}
          placeholder="选择党组织"
          style={{ width: 300 }}
          className="filter-wide"
          testId="ledger-org"
        />
        <DatePicker
          picker="month"
          value={dayjs(`${month}-01`)}
          onChange={(d) => update({ month: d ? d.format('YYYY-MM') : undefined })}
          allowClear={false}
          format="YYYY年M月"
          style={{ width: 140 }}
          data-testid="ledger-month"
        />
        <Select
          value={status}
          onChange={(s) => update({ status: s })}
          allowClear
          placeholder="全部状态"
          options={LEDGER_STATUSES.map((s) => ({ value: s, label: LEDGER_STATUS_LABELS[s] }))}
          style={{ width: 130 }}
          data-testid="ledger-status"
        />
        <Input.Search
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          allowClear
          placeholder="姓名或拼音"
          style={{ width: 180 }}
          className="filter-wide"
          data-testid="ledger-search"
        />
      </FilterBar>

      {!orgId ? (
        <Card>
          <Empty description="请选择党组织" />
        </Card>
      ) : ledger.error && !ledger.data ? (
        <QueryError error={ledger.error} onRetry={() => ledger.refetch()} />
      ) : (
        <>
          <div className="dues-totals" data-testid="ledger-totals">
            <div className="summary-card">
              <div className="summary-title">{monthNo(month)}月应交合计</div>
              <div className="dues-total-value" data-testid="total-expected">
                {totals ? yuan(totals.expectedFen) : '—'}
                <span className="summary-unit">元</span>
              </div>
              <div className="summary-hint">{totals ? `${totals.members} 名党员` : ' '}</div>
            </div>
            <div className="summary-card">
              <div className="summary-title">{monthNo(month)}月已交合计</div>
              <div className="dues-total-value" style={{ color: '#389e0d' }} data-testid="total-paid">
                {totals ? yuan(totals.paidFen) : '—'}
                <span className="summary-unit">元</span>
              </div>
              <div className="summary-hint">
                自愿多交 <span data-testid="total-voluntary">{totals ? yuan(totals.voluntaryFen) : '—'}</span>{' '}
                元
              </div>
            </div>
            <div className="summary-card">
              <div className="summary-title">{monthNo(month)}月未交合计</div>
              <div className="dues-total-value" style={{ color: '#cf1322' }} data-testid="total-balance">
                {totals ? yuan(totals.balanceFen) : '—'}
                <span className="summary-unit">元</span>
              </div>
              <div className="summary-hint">{totals ? `${byStatus.unpaid ?? 0} 人未交` : ' '}</div>
            </div>
            <div className="summary-card dues-status-card">
              <div className="summary-title">按状态</div>
              <div className="dues-status-tags">
                {LEDGER_STATUSES.map((s) => (
                  <Tag.CheckableTag
                    key={s}
                    checked={status === s}
                    onChange={(on) => update({ status: on ? s : undefined })}
                    data-testid={`count-${s}`}
                  >
                    <span className={`dues-dot dues-dot-${STATUS_COLORS[s]}`} />
                    {LEDGER_STATUS_LABELS[s]} <b>{byStatus[s] ?? 0}</b>
                  </Tag.CheckableTag>
                ))}
              </div>
              <div className="summary-hint" style={{ marginTop: 6 }} data-testid="rounding-text">
                {ledger.data?.rounding.text ?? ' '}
              </div>
            </div>
          </div>

          <Card styles={{ body: { padding: 0 } }}>
            <div className="dues-toolbar">
              <Space wrap size={8}>
                <Button
                  type="primary"
                  icon={<CheckOutlined />}
                  disabled={!selected.length}
                  loading={batch.isPending}
                  onClick={() => markPaid(selected)}
                  data-testid="mark-paid"
                >
                  标记所选为已交清{selected.length ? `（${selected.length}）` : ''}
                </Button>
                <Select
                  value={method}
                  onChange={setMethod}
                  options={methodOptions}
                  style={{ width: 108 }}
                  aria-label="交纳方式"
                  data-testid="batch-method"
                />
                <span className="muted small">交纳日期：今天</span>
              </Space>
              {isPhone ? null : (
                <Tooltip title="表格外按键生效；在输入框中不生效">
                  <span className="muted small dues-keys" data-testid="shortcut-hint">
                    快捷键：<kbd>↑</kbd>
                    <kbd>↓</kbd>/<kbd>j</kbd>
                    <kbd>k</kbd> 移动　<kbd>空格</kbd> 选中　<kbd>Enter</kbd>/<kbd>p</kbd> 登记交纳　
                    <kbd>a</kbd> 当月交清
                  </span>
                </Tooltip>
              )}
            </div>
            <div className="muted small dues-sheet-note" data-testid="ledger-note">
              往月欠交、连续未交：截至今天，{monthNo(currentMonth)}月以前各月（与欠交名单、我的党费一致）；
              {monthNo(currentMonth)}月党费在本月内交纳，不算欠交。
            </div>
            {isPhone ? (
              <>
                <CollectionList
                  rows={rows}
                  loading={ledger.isFetching}
                  selected={selected}
                  onSelect={setSelected}
                  payable={payable}
                  onPay={setPaying}
                  sheetMonth={month}
                />
                {(ledger.data?.total ?? 0) > pageSize ? (
                  <Pagination
                    simple
                    current={current}
                    pageSize={pageSize}
                    total={ledger.data?.total ?? 0}
                    onChange={setCurrent}
                    style={{ padding: 12, justifyContent: 'center' }}
                  />
                ) : null}
              </>
            ) : (
              <div ref={tableRef}>
                <Table<LedgerRow>
                  rowKey="memberId"
                  size="small"
                  dataSource={rows}
                  columns={columns}
                  loading={ledger.isFetching}
                  scroll={{ x: 'max-content' }}
                  sticky={{ offsetHeader: 64 }}
                  rowSelection={{
                    selectedRowKeys: selected,
                    onChange: (keys) => setSelected(keys as number[]),
                    getCheckboxProps: (r) => ({ disabled: !payable(r) }),
                    columnWidth: 36,
                    fixed: true,
                  }}
                  rowClassName={(_, i) => (i === cursor ? 'dues-row-active' : '')}
                  onRow={(_, i) => ({ onClick: () => setCursor(i ?? 0) })}
                  locale={{
                    emptyText: (
                      <Empty
                        description={ledger.isLoading ? '加载中…' : '本月没有需要登记的党员'}
                        image={Empty.PRESENTED_IMAGE_SIMPLE}
                      />
                    ),
                  }}
                  pagination={
                    (ledger.data?.total ?? 0) > pageSize
                      ? {
                          current,
                          pageSize,
                          total: ledger.data?.total ?? 0,
                          showSizeChanger: false,
                          onChange: setCurrent,
                          style: { paddingInline: 16 },
                        }
                      : false
                  }
                  data-testid="ledger-table"
                />
              </div>
            )}
          </Card>
        </>
      )}
      {paying ? <PaymentModal row={paying} defaultMethod={method} onClose={() => setPaying(null)} /> : null}
    </div>
  );
}
