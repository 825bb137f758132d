import { Alert, App, Button, Card, DatePicker, Empty, Form, Input, Space, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { DUES_CATEGORY_LABELS, type DuesCategory, yuan } from '../../../../domain/dues';
import { exportsApi } from '../../../../shared/contracts/exports';
import { type Profile, useDecideProfile, usePendingProfiles } from '../../../api/dues';
import { ExportButton } from '../../../components/ExportButton';
import { FilterBar } from '../../../components/FilterBar';
import { FormModal } from '../../../components/FormModal';
import { OrgPicker } from '../../../components/OrgPicker';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { fmtDateTime, toIsoDate } from '../../../format';
import { monthText, useDuesParams } from '../common';
import '../dues.css';

interface Values {
  approvalRef?: string;
  decidedOn: Dayjs;
  note?: string;
}

function DecideModal({
  profile,
  approve,
  onClose,
}: {
  profile: Profile;
  approve: boolean;
  onClose: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const decide = useDecideProfile();
  const { message } = App.useApp();
  return (
    <FormModal<Values>
      title={`${approve ? '批准' : '驳回'}：${profile.memberName} ${DUES_CATEGORY_LABELS[profile.category]}`}
      open
      onClose={onClose}
      form={form}
      okText={approve ? '批准' : '驳回'}
      danger={!approve}
      testId="approval-form"
      initialValues={{ decidedOn: dayjs() }}
      onSubmit={async (v) => {
        await decide.mutateAsync({
          id: profile.id,
          approve,
          approvalRef: v.approvalRef?.trim() || undefined,
          decidedOn: toIsoDate(v.decidedOn)!,
          note: v.note?.trim() || undefined,
        });
        message.success(approve ? '已批准，自生效月份起按新档案计算' : '已驳回');
      }}
    >
      <div className="dues-preview small">
        <div>
          {profile.orgName} · 自{monthText(profile.effectiveMonth)}起，每月{' '}
          <b>{yuan(profile.monthlyFen)} 元</b>
        </div>
        <div className="muted">{profile.explanation}</div>
        {profile.reason ? <div style={{ marginTop: 4 }}>困难情况：{profile.reason}</div> : null}
      </div>
      <div className="form-row-2">
        <Form.Item name="approvalRef" label="批复文号">
          <Input maxLength={60} placeholder="如 X党发〔2026〕12号" data-testid="approval-ref" />
        </Form.Item>
        <Form.Item name="decidedOn" label="批复日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker
            style={{ width: '100%' }}
            allowClear={false}
            disabledDate={(d) => d.isAfter(dayjs(), 'day')}
          />
        </Form.Item>
      </div>
      <Form.Item
        name="note"
        label="意见"
        rules={approve ? [] : [{ required: true, whitespace: true, message: '驳回须说明理由' }]}
      >
        <Input.TextArea rows={3} maxLength={500} data-testid="approval-note" />
      </Form.Item>
    </FormModal>
  );
}

/** 困难党员减免审批 (`/dues/approvals?orgId=`): hardship profiles waiting for this committee. */
export default function DuesApprovalsPage() {
  const { orgId, update } = useDuesParams();
  const pending = usePendingProfiles(orgId);
  const [deciding, setDeciding] = useState<{ profile: Profile; approve: boolean } | null>(null);

  const columns: ColumnsType<Profile> = [
    {
      title: '姓名',
      dataIndex: 'memberName',
      width: 90,
      render: (n: string, p) => <Link to={`/members/${p.memberId}`}>{n}</Link>,
    },
    { title: '党组织', dataIndex: 'orgName', ellipsis: true, width: 180 },
    {
      title: '申请',
      dataIndex: 'category',
      width: 120,
      render: (c: DuesCategory) => DUES_CATEGORY_LABELS[c],
    },
    { title: '生效月份', dataIndex: 'effectiveMonth', width: 100, render: monthText },
    {
      title: '每月应交',
      dataIndex: 'monthlyFen',
      width: 90,
      align: 'right',
      render: (v: number) => <b>{yuan(v)}</b>,
    },
    { title: '困难情况', dataIndex: 'reason', render: (v: string | null) => v ?? '—' },
    {
      title: '提交',
      key: 'by',
      width: 150,
      render: (_: unknown, p) => (
        <span className="small">
          {p.createdByName ?? '—'}
          <br />
          <span className="muted">{fmtDateTime(p.createdAt)}</span>
        </span>
      ),
    },
    {
      title: '操作',
      key: 'act',
      width: 130,
      fixed: 'right',
      render: (_: unknown, p) => (
        <Space size={4}>
          <Button
            size="small"
            type="primary"
            onClick={() => setDeciding({ profile: p, approve: true })}
            data-testid="approve"
          >
            批准
          </Button>
          <Button
            size="small"
            danger
            onClick={() => setDeciding({ profile: p, approve: false })}
            data-testid="reject"
          >
            驳回
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <div className="page">
      <PageHeader
        title="困难党员减免审批"
        subtitle="生活确有困难的党员，经党支部研究、报上级党委批准，可以少交或免交党费（党费规定第七条）。"
        extra={<ExportButton contract={exportsApi.duesPendingProfiles} query={{ orgId }} />}
      />
      <FilterBar>
        <OrgPicker
          value={orgId}
          onChange={(id) => update({ orgId: id })}
          allowClear={false}
          placeholder="选择党组织"
          style={{ width: 300 }}
          className="filter-wide"
          testId="approvals-org"
        />
      </FilterBar>
      {pending.error && !pending.data ? (
        <QueryError error={pending.error} onRetry={() => pending.refetch()} />
      ) : (
        <Card styles={{ body: { padding: 0 } }}>
          {pending.data && pending.data.total > pending.data.data.length ? (
            <Alert
              type="info"
              showIcon
              banner
              data-testid="approvals-more"
              title={`共 ${pending.data.total.toLocaleString('zh-CN')} 条待审批，这里列出最早提交的 ${pending.data.data.length} 条；审批后其余的依次列出，全部名单可导出。`}
            />
          ) : null}
          <Table<Profile>
            rowKey="id"
            size="small"
            dataSource={pending.data?.data ?? []}
            columns={columns}
            loading={pending.isFetching}
            scroll={{ x: 'max-content' }}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{
              emptyText: (
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={pending.isLoading ? '加载中…' : '没有待审批的减免申请'}
                />
              ),
            }}
            data-testid="approvals-table"
          />
        </Card>
      )}
      {deciding ? (
        <DecideModal
          profile={deciding.profile}
          approve={deciding.approve}
          onClose={() => setDeciding(null)}
        />
      ) : null}
    </div>
  );
}
