import { PlusOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Form, Input, Select, Space, Tabs, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { z } from 'zod';
import { exportsApi } from '../../../../shared/contracts/exports';
import { TRANSFER_STATUSES } from '../../../../shared/contracts/transfers';
import { type TransferAction, useMe, useRespondTransfer, useTransfers } from '../../../api/hooks';
import type { Transfer } from '../../../api/types';
import { ExportButton } from '../../../components/ExportButton';
import { FormModal } from '../../../components/FormModal';
import { PagedTable } from '../../../components/PagedTable';
import { PageHeader } from '../../../components/PageHeader';
import { dash, fmtDate } from '../../../format';
import { useIsPhone } from '../../../hooks/useMediaQuery';
import { paging, param, useUrlFilters } from '../../../hooks/useUrlFilters';
import { TRANSFER_STATUS_COLORS, transferStatusLabel, transferStatusOptions } from '../../../labels';
import { CreateTransferModal } from '../CreateTransferModal';

const ACTION_TITLES: Record<TransferAction, string> = {
  accept: '接收组织关系',
  reject: '退回组织关系转接',
  cancel: '撤回组织关系转接',
};

interface RespondValues {
  note?: string;
  effectiveOn?: Dayjs;
}

function RespondModal({
  target,
  onClose,
}: {
  target: { t: Transfer; action: TransferAction } | null;
  onClose: () => void;
}) {
  const [form] = Form.useForm<RespondValues>();
  const respond = useRespondTransfer();
  const { message } = App.useApp();
  const action = target?.action ?? 'accept';
  const t = target?.t;
  return (
    <FormModal<RespondValues>
      title={ACTION_TITLES[action]}
      open={target !== null}
      onClose={onClose}
      form={form}
      okText={{ accept: '确认接收', reject: '确认退回', cancel: '确认撤回' }[action]}
      danger={action !== 'accept'}
      testId="transfer-respond-modal"
      initialValues={{ effectiveOn: dayjs() }}
      onSubmit={async (v) => {
        if (!t) return;
        await respond.mutateAsync({
          id: t.id,
          action,
          body: {
            note: v.note?.trim() || undefined,
            effectiveOn: action === 'accept' ? v.effectiveOn?.format('YYYY-MM-DD') : undefined,
          },
        });
        message.success({ accept: '已接收', reject: '已退回', cancel: '已撤回' }[action]);
      }}
    >
      {t ? (
        <p>
          党员 <b>{t.memberName}</b>：{t.fromOrgName} → {t.toOrgName}
          <br />
          <span className="muted small">介绍信编号：{t.letterNumber}</span>
        </p>
      ) : null}
      {action === 'accept' ? (
        <Form.Item name="effectiveOn" label="接收日期" extra="组织关系转入的日期，应在申请日期与今天之间">
          <DatePicker
            style={{ width: '100%' }}
            disabledDate={(d) =>
              d.isAfter(dayjs(), 'day') || (t ? d.isBefore(dayjs(t.requestedOn), 'day') : false)
            }
          />
        </Form.Item>
      ) : null}
      <Form.Item
        name="note"
        label={action === 'reject' ? '退回原因' : '说明'}
        rules={action === 'reject' ? [{ required: true, whitespace: true, message: '退回时请写明原因' }] : []}
      >
        <Input.TextArea rows={3} maxLength={200} showCount data-testid="transfer-note" />
      </Form.Item>
    </FormModal>
  );
}

const filterSchema = z.object({
  direction: param.oneOf(['out', 'in', 'all']).default('out'),
  status: param.oneOf(TRANSFER_STATUSES),
  ...paging,
});

/** 组织关系转接: outgoing, incoming, all; start one; answer one. */
export default function TransfersPage() {
  const { filters, setFilters: update } = useUrlFilters(filterSchema);
  const { data: me } = useMe();
  const { direction, status, current, pageSize } = filters;
  const list = useTransfers({ direction, status, current, pageSize });
  const [createOpen, setCreateOpen] = useState(false);
  const [responding, setResponding] = useState<{ t: Transfer; action: TransferAction } | null>(null);
  const canWrite = me?.permissions.includes('transfer.write') ?? false;
  const isPhone = useIsPhone();

  const columns: ColumnsType<Transfer> = [
    {
      title: '党员',
      dataIndex: 'memberName',
      fixed: 'left',
      width: 100,
      render: (name: string, t) => <Link to={`/members/${t.memberId}`}>{name}</Link>,
    },
    {
      title: '转出 → 转入',
      key: 'route',
      width: 250,
      render: (_, t) => (
        <div className="small" style={{ lineHeight: 1.7 }}>
          <div>
            <Tag color="orange" variant="filled" style={{ marginInlineEnd: 4 }}>
              出
            </Tag>
            {t.fromOrgName}
          </div>
          <div>
            <Tag color="purple" variant="filled" style={{ marginInlineEnd: 4 }}>
              入
            </Tag>
            {t.toOrgName}
          </div>
        </div>
      ),
    },
    {
      title: '介绍信编号 / 转接原因',
      key: 'letter',
      render: (_, t) => (
        <div className="small" style={{ lineHeight: 1.7 }}>
          <div>{t.letterNumber}</div>
          <div className="muted">{t.reason}</div>
        </div>
      ),
    },
    { title: '申请日期', dataIndex: 'requestedOn', render: fmtDate, width: 106 },
    {
      title: '状态',
      dataIndex: 'status',
      width: 90,
      render: (s: string) => (
        <Tag color={TRANSFER_STATUS_COLORS[s]} data-testid="transfer-status">
          {transferStatusLabel(s)}
        </Tag>
      ),
    },
    {
      title: '办理情况',
      key: 'response',
      width: 170,
      render: (_, t) =>
        t.respondedOn ? (
          <div className="small">
            <div>
              {fmtDate(t.respondedOn)} {dash(t.respondedByName)}
            </div>
            {t.responseNote ? <div className="muted">{t.responseNote}</div> : null}
          </div>
        ) : (
          <span className="muted small">发起人：{dash(t.requestedByName)}</span>
        ),
    },
    {
      title: '操作',
      key: 'actions',
      fixed: isPhone ? undefined : 'right',
      width: isPhone ? 80 : 136,
      render: (_, t) => {
        const buttons = [
          t.abilities.accept && (
            <Button
              key="a"
              size="small"
              type="primary"
              onClick={() => setResponding({ t, action: 'accept' })}
              data-testid="transfer-accept"
            >
              接收
            </Button>
          ),
          t.abilities.reject && (
            <Button
              key="r"
              size="small"
              danger
              onClick={() => setResponding({ t, action: 'reject' })}
              data-testid="transfer-reject"
            >
              退回
            </Button>
          ),
          t.abilities.cancel && (
            <Button
              key="c"
              size="small"
              onClick={() => setResponding({ t, action: 'cancel' })}
              data-testid="transfer-cancel"
            >
              撤回
            </Button>
          ),
        ].filter(Boolean);
        return buttons.length ? (
          <Space size={4} orientation={isPhone ? 'vertical' : 'horizontal'}>
            {buttons}
          </Space>
        ) : (
          <span className="muted">—</span>
        );
      },
    },
  ];

  return (
    <div className="page">
      <PageHeader
        title="组织关系转接"
        subtitle="系统内党员组织关系的转出与转入。转出方发起，转入方接收或退回。"
        extra={
          <>
            <ExportButton contract={exportsApi.transfers} query={{ direction, status }} />
            {canWrite ? (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setCreateOpen(true)}
                data-testid="transfer-create"
              >
                发起转接
              </Button>
            ) : null}
          </>
        }
      />
      <PagedTable<Transfer>
        header={
          <Tabs
            activeKey={direction}
            onChange={(key) => update({ direction: key === 'out' ? undefined : key })}
            items={[
              { key: 'out', label: '转出' },
              { key: 'in', label: '转入' },
              { key: 'all', label: '全部' },
            ]}
            tabBarExtraContent={
              <Select
                value={status}
                onChange={(v) => update({ status: v })}
                options={transferStatusOptions}
                placeholder="全部状态"
                allowClear
                style={{ width: 120 }}
                data-testid="transfer-status-filter"
              />
            }
            data-testid="transfer-tabs"
          />
        }
        query={list}
        columns={columns}
        current={current}
        pageSize={pageSize}
        onPageChange={update}
        emptyText={{ out: '暂无转出记录', in: '暂无转入记录', all: '暂无转接记录' }[direction]}
        scroll={{ x: 1040 }}
        size="middle"
        data-testid="transfer-table"
      />
      {createOpen ? <CreateTransferModal open onClose={() => setCreateOpen(false)} /> : null}
      {responding ? <RespondModal target={responding} onClose={() => setResponding(null)} /> : null}
    </div>
  );
}
