import { CheckCircleFilled, ExclamationCircleFilled, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Empty, Form, Input, Popconfirm, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { yuan } from '../../../../domain/dues';
import { errorDetail } from '../../../api/client';
import {
  type Reconciliation,
  type Remittance,
  useConfirmRemittance,
  useCreateRemittance,
  useReconciliation,
  useRemittances,
} from '../../../api/dues';
import { useMe } from '../../../api/hooks';
import { FormModal } from '../../../components/FormModal';
import { OrgPicker } from '../../../components/OrgPicker';
import { QueryError } from '../../../components/QueryError';
import { fmtDate, todayIso, toIsoDate } from '../../../format';
import { fenToInput, monthRangeText, parseYuan, yuanRule } from '../common';

type RecRow = Reconciliation['rows'][number];

interface RemitValues {
  toOrgId?: number;
  amount: string;
  remittedOn: Dayjs;
  period: [Dayjs, Dayjs];
  voucherNo?: string;
  note?: string;
}

function RemitModal({
  orgId,
  year,
  heldFen,
  onClose,
}: {
  orgId: number;
  year: number;
  heldFen: number;
  onClose: () => void;
}) {
  const [form] = Form.useForm<RemitValues>();
  const create = useCreateRemittance();
  const { message } = App.useApp();
  return (
    <FormModal<RemitValues>
      title="登记上缴"
      open
      onClose={onClose}
      form={form}
      testId="remit-form"
      fieldMap={{ amountFen: 'amount', periodFrom: 'period', periodTo: 'period' }}
      initialValues={{
        amount: heldFen > 0 ? fenToInput(heldFen) : '',
        remittedOn: dayjs(),
        period: [dayjs(`${year}-01-01`), dayjs().year() === year ? dayjs() : dayjs(`${year}-12-01`)],
      }}
      onSubmit={async (v) => {
        await create.mutateAsync({
          fromOrgId: orgId,
          toOrgId: v.toOrgId,
          amountFen: parseYuan(v.amount)!,
          remittedOn: toIsoDate(v.remittedOn)!,
          periodFrom: v.period[0].format('YYYY-MM'),
          periodTo: v.period[1].format('YYYY-MM'),
          voucherNo: v.voucherNo?.trim() || undefined,
          note: v.note?.trim() || undefined,
        });
        message.success('已登记上缴，待上级确认到账');
      }}
    >
      <Form.Item name="toOrgId" label="上缴至" extra="不选则上缴至上级党组织">
        <OrgPicker placeholder="默认：上级党组织" excludeIds={[orgId]} testId="remit-to" />
      </Form.Item>
      <div className="form-row-2">
        <Form.Item
          name="amount"
          label="上缴金额"
          required
          rules={[yuanRule({ required: true, positive: true, label: '上缴金额' })]}
          extra={`本组织留存 ${yuan(heldFen)} 元`}
        >
          <Input suffix="元" inputMode="decimal" data-testid="remit-amount" />
        </Form.Item>
        <Form.Item name="remittedOn" label="上缴日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker style={{ width: '100%' }} allowClear={false} />
        </Form.Item>
      </div>
      <Form.Item name="period" label="所属期间" rules={[{ required: true, message: '请选择所属期间' }]}>
        <DatePicker.RangePicker picker="month" style={{ width: '100%' }} allowClear={false} />
      </Form.Item>
      <div className="form-row-2">
        <Form.Item name="voucherNo" label="凭证号">
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="note" label="备注">
          <Input maxLength={500} />
        </Form.Item>
      </div>
    </FormModal>
  );
}

/** 上缴与对账: the org's remittance ledger (with 登记上缴 and 确认到账) and the reconciliation. */
export function RemittancePanel({ orgId, year }: { orgId: number; year: number }) {
  const remittances = useRemittances(orgId, year);
  const reconciliation = useReconciliation(orgId, year);
  const confirm = useConfirmRemittance();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const canWrite = !!me?.permissions.includes('dues.write');
  const [remitting, setRemitting] = useState(false);
  const r = remittances.data;

  const lineColumns: ColumnsType<Remittance> = [
    { title: '日期', dataIndex: 'remittedOn', width: 104, render: fmtDate },
    {
      title: '方向',
      dataIndex: 'direction',
      width: 70,
      render: (d: Remittance['direction']) =>
        d === 'out' ? <Tag color="volcano">上缴</Tag> : <Tag color="blue">收到</Tag>,
    },
    {
      title: '对方组织',
      key: 'other',
      ellipsis: true,
      width: 200,
      render: (_: unknown, l) => (l.direction === 'out' ? l.toOrgName : l.fromOrgName),
    },
    {
      title: '所属期间',
      key: 'period',
      width: 170,
      render: (_: unknown, l) => monthRangeText(l.periodFrom, l.periodTo),
    },
    {
      title: '金额',
      dataIndex: 'amountFen',
      width: 110,
      align: 'right',
      render: (v: number, l) => (
        <span style={{ color: l.direction === 'out' ? '#cf1322' : '#389e0d' }}>
          {l.direction === 'out' ? '−' : '+'}
          {yuan(v)}
        </span>
      ),
    },
    { title: '留存余额', dataIndex: 'balanceFen', width: 110, align: 'right', render: yuan },
    { title: '凭证号', dataIndex: 'voucherNo', width: 110, render: (v: string | null) => v ?? '—' },
    {
      title: '状态',
      key: 'status',
      width: 150,
      render: (_: unknown, l) =>
        l.status === 'confirmed' ? (
          <Tag color="success">已到账 {fmtDate(l.confirmedOn)}</Tag>
        ) : l.abilities.confirm ? (
          <Popconfirm
            title="确认该笔上缴已到账？"
            description={`${l.fromOrgName} 上缴 ${yuan(l.amountFen)} 元，到账日期记为今天`}
            okText="确认到账"
            cancelText="取消"
            onConfirm={async () => {
              try {
                await confirm.mutateAsync({ id: l.id, confirmedOn: todayIso() });
                message.success('已确认到账');
              } catch (e) {
                message.error(errorDetail(e));
              }
            }}
          >
            <Button size="small" type="primary" ghost data-testid="remit-confirm">
              确认到账
            </Button>
          </Popconfirm>
        ) : (
          <Tag color="processing">在途</Tag>
        ),
    },
  ];

  const recColumns: ColumnsType<RecRow> = [
    {
      title: '党组织',
      dataIndex: 'orgName',
      ellipsis: true,
      width: 220,
      render: (n: string, row) => <span style={{ paddingInlineStart: row.depth * 14 }}>{n}</span>,
    },
    { title: '本级收缴', dataIndex: 'collectedFen', width: 104, align: 'right', render: yuan },
    { title: '收到下级', dataIndex: 'receivedFen', width: 104, align: 'right', render: yuan },
    { title: '已上缴', dataIndex: 'remittedFen', width: 104, align: 'right', render: yuan },
    {
      title: '在途',
      dataIndex: 'inTransitFen',
      width: 96,
      align: 'right',
      render: (v: number) => (v ? <span style={{ color: '#d46b08' }}>{yuan(v)}</span> : yuan(v)),
    },
    { title: '留存', dataIndex: 'heldFen', width: 104, align: 'right', render: yuan },
    {
      title: '对账',
      key: 'balanced',
      width: 280,
      render: (_: unknown, row) =>
        row.balanced ? (
          <span style={{ color: '#389e0d' }}>
            <CheckCircleFilled /> 平衡
          </span>
        ) : (
          <span style={{ color: '#cf1322' }}>
            <ExclamationCircleFilled /> {row.problem ?? '不平衡'}
          </span>
        ),
    },
  ];

  return (
    <div className="page">
      {remittances.error && !r ? (
        <QueryError error={remittances.error} onRetry={() => remittances.refetch()} />
      ) : (
        <Card
          title={`上缴台账${r ? ` · ${r.orgName}` : ''}`}
          extra={
            canWrite && r ? (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setRemitting(true)}
                data-testid="remit-create"
              >
                登记上缴
              </Button>
            ) : null
          }
          styles={{ body: { padding: 0 } }}
        >
          {r ? (
            <div className="dues-totals dues-totals-4" style={{ padding: 16 }}>
              {[
                { t: '本级收缴', v: r.collectedFen },
                { t: '收到下级', v: r.receivedFen },
                { t: '已上缴', v: r.remittedFen },
                { t: '留存', v: r.heldFen },
              ].map((x) => (
                <div className="summary-card" key={x.t}>
                  <div className="summary-title">{x.t}</div>
                  <div className="dues-total-value" style={{ fontSize: 20 }}>
                    {yuan(x.v)}
                    <span className="summary-unit">元</span>
                  </div>
                </div>
              ))}
            </div>
          ) : null}
          <Table<Remittance>
            rowKey="id"
            size="small"
            dataSource={r?.lines ?? []}
            columns={lineColumns}
            loading={remittances.isFetching}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: 'max-content' }}
            locale={{
              emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="本年度没有上缴记录" />,
            }}
            data-testid="remit-table"
          />
        </Card>
      )}
      <Card
        title="对账"
        extra={<span className="muted small">收缴＋收到下级－上缴＝留存</span>}
        styles={{ body: { padding: 0 } }}
      >
        {reconciliation.error && !reconciliation.data ? (
          <QueryError error={reconciliation.error} onRetry={() => reconciliation.refetch()} />
        ) : (
          <Table<RecRow>
            rowKey="orgId"
            size="small"
            dataSource={reconciliation.data?.rows ?? []}
            columns={recColumns}
            loading={reconciliation.isFetching}
            pagination={{ pageSize: 30, hideOnSinglePage: true }}
            scroll={{ x: 'max-content' }}
            rowClassName={(row) => (row.balanced ? '' : 'dues-row-problem')}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有对账数据" /> }}
            data-testid="reconciliation-table"
          />
        )}
      </Card>
      {remitting && r ? (
        <RemitModal orgId={orgId} year={year} heldFen={r.heldFen} onClose={() => setRemitting(false)} />
      ) : null}
    </div>
  );
}
