import { App, Button, Card, Table, Tabs, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { yuan } from '../../../../domain/dues';
import {
  CALLBACK_OUTCOME_LABELS,
  type CallbackOutcome,
  ONLINE_ORDER_STATUS_LABELS,
  PAYMENT_PROVIDER_LABELS,
} from '../../../../shared/contracts/dues-online';
import { errorMessage } from '../../../api/client';
import {
  type CallbackLog,
  type OnlineOrder,
  useCallbackLog,
  useOnlineOrders,
  useReconcile,
} from '../../../api/duesOnline';
import { FilterBar } from '../../../components/FilterBar';
import { OrgPicker } from '../../../components/OrgPicker';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { fmtDateTime } from '../../../format';
import { monthText, useDuesParams } from '../common';
import '../dues.css';

const STATUS_COLORS: Record<OnlineOrder['status'], string> = {
  pending: 'processing',
  paid: 'success',
  closed: 'default',
  failed: 'error',
};
const OK_OUTCOMES: readonly CallbackOutcome[] = ['booked', 'duplicate'];

/**
 * 在线缴费记录 (`/dues/online?orgId=`): the online orders of the org's members and every callback
 * the payment provider sent for them (when, from where, what became of it: booked, a duplicate that
 * booked nothing, or refused and why). 对账 asks the provider about orders left pending.
 */
export default function OnlinePaymentsPage() {
  const { orgId, update, me } = useDuesParams();
  const [ordersPage, setOrdersPage] = useState(1);
  const [logPage, setLogPage] = useState(1);
  const orders = useOnlineOrders(orgId, ordersPage);
  const log = useCallbackLog(orgId, logPage);
  const reconcile = useReconcile();
  const { message } = App.useApp();
  const canWrite = !!me?.permissions.includes('dues.write');

  const orderColumns: ColumnsType<OnlineOrder> = [
    { title: '党员', dataIndex: 'memberName', width: 90 },
    { title: '月份', dataIndex: 'months', render: (ms: string[]) => ms.map(monthText).join('、') },
    { title: '金额', dataIndex: 'amountFen', align: 'right', width: 90, render: (v: number) => yuan(v) },
    {
      title: '状态',
      dataIndex: 'status',
      width: 96,
      render: (s: OnlineOrder['status']) => (
        <Tag color={STATUS_COLORS[s]}>{ONLINE_ORDER_STATUS_LABELS[s]}</Tag>
      ),
    },
    { title: '下单时间', dataIndex: 'createdAt', width: 150, render: fmtDateTime },
    { title: '支付时间', dataIndex: 'paidAt', width: 150, responsive: ['md'], render: fmtDateTime },
    {
      title: '支付机构交易号',
      dataIndex: 'providerTxnId',
      responsive: ['lg'],
      render: (v: string | null, o) => (
        <Tooltip title={PAYMENT_PROVIDER_LABELS[o.provider] ?? o.provider}>
          <span className="small">{v ?? '—'}</span>
        </Tooltip>
      ),
    },
    {
      title: '订单号',
      dataIndex: 'orderNo',
      responsive: ['xl'],
      render: (v: string) => <span className="small">{v}</span>,
    },
  ];

  const logColumns: ColumnsType<CallbackLog> = [
    { title: '收到时间', dataIndex: 'receivedAt', width: 150, render: fmtDateTime },
    { title: '党员', dataIndex: 'memberName', width: 90, render: (v: string | null) => v ?? '—' },
    {
      title: '结果',
      dataIndex: 'outcome',
      width: 200,
      render: (o: CallbackOutcome) => (
        <Tag color={OK_OUTCOMES.includes(o) ? 'success' : o === 'refused' ? 'warning' : 'error'}>
          {CALLBACK_OUTCOME_LABELS[o]}
        </Tag>
      ),
    },
    { title: '说明', dataIndex: 'detail', render: (v: string | null) => v ?? '—' },
    { title: '订单号', dataIndex: 'orderNo', responsive: ['lg'], render: (v: string | null) => v ?? '—' },
    {
      title: '来源地址',
      dataIndex: 'ip',
      width: 120,
      responsive: ['xl'],
      render: (v: string | null) => v ?? '对账',
    },
  ];

  return (
    <div className="page">
      <PageHeader
        title="在线缴费记录"
        subtitle="党员在线缴纳党费的订单，以及支付机构每一次支付结果通知的处理结果。"
        extra={
          canWrite && orgId ? (
            <Button
              loading={reconcile.isPending}
              onClick={() =>
                reconcile.mutate(orgId, {
                  onSuccess: (r) =>
                    message.success(
                      `已查询${r.queried}笔：入账${r.booked}笔，关闭${r.closed}笔，仍待支付${r.stillPending}笔`,
                    ),
                  onError: (e) => message.error(errorMessage(e)),
                })
              }
              data-testid="online-reconcile"
            >
              对账
            </Button>
          ) : null
        }
      />
      <FilterBar>
        <OrgPicker
          value={orgId}
          onChange={(id) => update({ orgId: id })}
          allowClear={false}
          placeholder="选择党组织"
          style={{ width: 300 }}
          className="filter-wide"
          testId="online-org"
        />
      </FilterBar>
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          items={[
            {
              key: 'orders',
              label: '订单',
              children: orders.error ? (
                <QueryError error={orders.error} />
              ) : (
                <Table<OnlineOrder>
                  rowKey="orderNo"
                  size="small"
                  loading={orders.isLoading}
                  dataSource={orders.data?.data ?? []}
                  columns={orderColumns}
                  pagination={{
                    current: ordersPage,
                    pageSize: 20,
                    total: orders.data?.total ?? 0,
                    onChange: setOrdersPage,
                    hideOnSinglePage: true,
                  }}
                  data-testid="online-orders"
                />
              ),
            },
            {
              key: 'callbacks',
              label: '支付结果通知',
              children: log.error ? (
                <QueryError error={log.error} />
              ) : (
                <Table<CallbackLog>
                  rowKey="id"
                  size="small"
                  loading={log.isLoading}
                  dataSource={log.data?.data ?? []}
                  columns={logColumns}
                  pagination={{
                    current: logPage,
                    pageSize: 20,
                    total: log.data?.total ?? 0,
                    onChange: setLogPage,
                    hideOnSinglePage: true,
                  }}
                  data-testid="online-callbacks"
                />
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}
