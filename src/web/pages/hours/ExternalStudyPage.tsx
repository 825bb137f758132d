import { UploadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Upload,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { z } from 'zod';
import {
  EXTERNAL_SOURCE_LABELS,
  EXTERNAL_SOURCES,
  EXTERNAL_STATUS_LABELS,
  EXTERNAL_STATUSES,
  type ExternalDto,
  type ExternalSource,
  hoursApi,
} from '../../../shared/contracts/hours';
import { errorMessage } from '../../api/client';
import { urlOf } from '../../api/contract';
import {
  useCreateExternal,
  useDecideExternal,
  useDeleteExternal,
  useExternalList,
  useImportExternal,
} from '../../api/hours';
import { FilterBar } from '../../components/FilterBar';
import { applyApiErrors } from '../../components/formErrors';
import { MemberPicker } from '../../components/MemberPicker';
import { OrgPicker } from '../../components/OrgPicker';
import { PagedTable } from '../../components/PagedTable';
import { PageHeader } from '../../components/PageHeader';
import { paging, param, useUrlFilters } from '../../hooks/useUrlFilters';
import { minutesText } from '../study/format';

const schema = z.object({
  orgId: param.int(),
  status: param.oneOf(EXTERNAL_STATUSES),
  ...paging,
});

const STATUS_COLORS = { pending: 'orange', approved: 'green', rejected: 'default' } as const;

/**
 * 其他学习审核 (`/hours/external`): the external study of a subtree (学习强国, 党校, …), pending first;
 * approve or reject with a note (not one's own entry), enter a record for a member, import a
 * 学习强国 export, open the evidence.
 */
export default function ExternalStudyPage() {
  const { message } = App.useApp();
  const { filters, setFilters, clearFilters } = useUrlFilters(schema);
  const status = filters.status ?? 'pending';
  const q = useExternalList({
    orgId: filters.orgId,
    status,
    current: filters.current,
    pageSize: filters.pageSize,
  });
  const decide = useDecideExternal();
  const remove = useDeleteExternal();
  const [deciding, setDeciding] = useState<{ rec: ExternalDto; decision: 'approve' | 'reject' } | null>(null);
  const [creating, setCreating] = useState(false);
  const [note, setNote] = useState('');
  const imp = useImportExternal();
  const [importErrors, setImportErrors] = useState<{ row: number; message: string }[] | null>(null);

  const onDecide = async () => {
    if (!deciding) return;
    try {
      await decide.mutateAsync({
        params: { id: deciding.rec.id },
        body: { decision: deciding.decision, note: note.trim() || undefined },
      });
      message.success(deciding.decision === 'approve' ? '已通过，学时已计入' : '已退回');
      setDeciding(null);
      setNote('');
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const onImport = async (file: File) => {
    try {
      const r = await imp.mutateAsync(file);
      if (r.errors.length) setImportErrors(r.errors);
      else message.success(`已导入${r.created}条记录，等待审核`);
    } catch (e) {
      message.error(errorMessage(e));
    }
    return false;
  };

  return (
    <div className="page" data-testid="external-study-page">
      <PageHeader
        title="其他学习审核"
        subtitle="学习强国、党校培训等学习记录，审核通过后计入党员学时；录入人不能审核自己录入的记录。"
        extra={
          <>
            <Button onClick={() => setCreating(true)}>为党员录入</Button>
            <Upload accept=".xlsx" showUploadList={false} beforeUpload={(f) => onImport(f)}>
              <Button icon={<UploadOutlined />} loading={imp.isPending}>
                导入学习强国记录
              </Button>
            </Upload>
          </>
        }
      />
      <FilterBar filtered={!!filters.orgId || !!filters.status} onClear={clearFilters}>
        <OrgPicker value={filters.orgId} onChange={(v) => setFilters({ orgId: v })} style={{ width: 280 }} />
        <Select
          value={status}
          onChange={(v) => setFilters({ status: v })}
          options={EXTERNAL_STATUSES.map((s) => ({ value: s, label: EXTERNAL_STATUS_LABELS[s] }))}
          style={{ width: 120 }}
          data-testid="external-status"
        />
      </FilterBar>
      <PagedTable<ExternalDto>
        query={q}
        current={filters.current}
        pageSize={filters.pageSize}
        onPageChange={(c) => setFilters(c, { keepPage: true })}
        emptyText={status === 'pending' ? '没有待审核的记录' : '没有记录'}
        scroll={{ x: 1180 }}
        columns={[
          {
            title: '党员',
            dataIndex: 'memberName',
            width: 90,
            fixed: 'left',
            render: (v, r) => (
              <Link to={`/hours/members/${r.memberId}?year=${r.studiedOn.slice(0, 4)}`}>{v}</Link>
            ),
          },
          { title: '党支部', dataIndex: 'orgName', ellipsis: true, width: 160 },
          {
            title: '来源',
            dataIndex: 'source',
            width: 100,
            render: (v: ExternalSource) => EXTERNAL_SOURCE_LABELS[v],
          },
          { title: '学习内容', dataIndex: 'title', ellipsis: true, width: 220 },
          { title: '日期', dataIndex: 'studiedOn', width: 110 },
          { title: '时长', dataIndex: 'seconds', width: 100, render: (v: number) => minutesText(v) },
          {
            title: '证明',
            dataIndex: 'evidence',
            width: 110,
            ellipsis: true,
            render: (ev: ExternalDto['evidence'], r) =>
              ev ? (
                <a
                  href={urlOf(hoursApi.externalEvidence, { params: { id: r.id } })}
                  target="_blank"
                  rel="noreferrer"
                >
                  {ev.fileName}
                </a>
              ) : (
                <span className="muted">未附</span>
              ),
          },
          {
            title: '录入',
            dataIndex: 'submittedBy',
            width: 100,
            render: (v, r) => (r.selfSubmitted ? '本人提交' : r.importId ? `${v ?? ''}（导入）` : v),
          },
          {
            title: '状态',
            dataIndex: 'status',
            width: 110,
            render: (v: ExternalDto['status'], r) => (
              <span title={r.decisionNote ?? undefined}>
                <Tag color={STATUS_COLORS[v]}>{EXTERNAL_STATUS_LABELS[v]}</Tag>
                {r.decidedBy ? <span className="muted small">{r.decidedBy}</span> : null}
              </span>
            ),
          },
          {
            title: '操作',
            key: 'actions',
            width: 190,
            fixed: 'right',
            render: (_, r) => (
              <Space size={4}>
                {r.status === 'pending' ? (
                  <>
                    <Button
                      size="small"
                      type="primary"
                      onClick={() => setDeciding({ rec: r, decision: 'approve' })}
                    >
                      通过
                    </Button>
                    <Button size="small" onClick={() => setDeciding({ rec: r, decision: 'reject' })}>
                      不通过
                    </Button>
                  </>
                ) : null}
                <Popconfirm
                  title="删除这条记录？已计入的学时随之扣除。"
                  okText="删除"
                  cancelText="取消"
                  onConfirm={() =>
                    remove.mutate(
                      { params: { id: r.id } },
                      { onError: (e) => message.error(errorMessage(e)) },
                    )
                  }
                >
                  <Button size="small" danger type="link">
                    删除
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={!!deciding}
        title={deciding?.decision === 'approve' ? '审核通过' : '审核不通过'}
        okText={deciding?.decision === 'approve' ? '通过' : '不通过'}
        cancelText="取消"
        confirmLoading={decide.isPending}
        onOk={() => void onDecide()}
        onCancel={() => setDeciding(null)}
      >
        {deciding ? (
          <p>
            {deciding.rec.memberName}：{deciding.rec.title}（{deciding.rec.studiedOn}，
            {minutesText(deciding.rec.seconds)}）
          </p>
        ) : null}
        <Input.TextArea
          value={note}
          onChange={(e) => setNote(e.target.value)}
          maxLength={200}
          rows={3}
          placeholder={deciding?.decision === 'reject' ? '请说明不通过的理由（必填）' : '审核意见（可不填）'}
        />
      </Modal>
      <Modal
        open={!!importErrors}
        title="导入未完成：请改正以下问题后重新导入"
        footer={null}
        onCancel={() => setImportErrors(null)}
      >
        <Table
          size="small"
          rowKey={(r) => `${r.row}-${r.message}`}
          dataSource={importErrors ?? []}
          pagination={false}
          columns={[
            { title: '行', dataIndex: 'row', width: 60 },
            { title: '问题', dataIndex: 'message' },
          ]}
        />
      </Modal>
      {creating ? <CreateModal orgId={filters.orgId} onClose={() => setCreating(false)} /> : null}
    </div>
  );
}

interface CreateValues {
  memberId: number;
  source: ExternalSource;
  title: string;
  studiedOn: string;
  minutes: number;
}

function CreateModal({ orgId, onClose }: { orgId?: number; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateValues>();
  const [file, setFile] = useState<File | null>(null);
  const create = useCreateExternal();
  const onOk = async () => {
    const v = await form.validateFields();
    try {
      await create.mutateAsync({ body: { ...v, minutes: Number(v.minutes) }, file });
      message.success('已录入，等待审核');
      onClose();
    } catch (e) {
      const rest = applyApiErrors(form, e);
      if (rest) message.error(rest);
    }
  };
  return (
    <Modal
      open
      title="为党员录入其他学习"
      okText="录入"
      cancelText="取消"
      onOk={() => void onOk()}
      onCancel={onClose}
      confirmLoading={create.isPending}
    >
      <Form<CreateValues>
        form={form}
        layout="vertical"
        initialValues={{ source: 'school', studiedOn: dayjs().format('YYYY-MM-DD') }}
      >
        <Form.Item name="memberId" label="党员" rules={[{ required: true, message: '党员：请选择' }]}>
          <MemberPicker orgId={orgId} />
        </Form.Item>
        <Form.Item name="source" label="来源">
          <Select options={EXTERNAL_SOURCES.map((s) => ({ value: s, label: EXTERNAL_SOURCE_LABELS[s] }))} />
        </Form.Item>
        <Form.Item name="title" label="学习内容" rules={[{ required: true, message: '学习内容：请填写' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="studiedOn"
          label="学习日期"
          rules={[{ required: true, message: '学习日期：请选择' }]}
        >
          <Input type="date" max={dayjs().format('YYYY-MM-DD')} />
        </Form.Item>
        <Form.Item
          name="minutes"
          label="学习时长（分钟）"
          rules={[{ required: true, message: '学习时长：请填写' }]}
        >
          <InputNumber min={1} max={1440} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label="证明（图片或PDF）">
          <input
            type="file"
            accept="image/jpeg,image/png,image/webp,application/pdf"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
