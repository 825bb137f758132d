import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Checkbox,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Switch,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { z } from 'zod';
import {
  FILE_KINDS,
  ITEM_KINDS,
  ITEM_STATUSES,
  type ItemDto,
  type ItemKind,
  type LEARNING_AUDIENCES,
} from '../../../shared/contracts/learning';
import { useMe } from '../../api/auth';
import { errorMessage } from '../../api/client';
import {
  useCreateLearningItem,
  useLearningItem,
  useLearningItems,
  usePatchLearningItem,
  usePublishLearningItem,
  useUploadLearningFile,
  useWithdrawLearningItem,
} from '../../api/learning';
import { FilterBar, SearchInput } from '../../components/FilterBar';
import { FormModal } from '../../components/FormModal';
import { OrgPicker } from '../../components/OrgPicker';
import { countText, PagedTable } from '../../components/PagedTable';
import { PageHeader } from '../../components/PageHeader';
import { fmtDate } from '../../format';
import { useIsPhone } from '../../hooks/useMediaQuery';
import { paging, param, useUrlFilters } from '../../hooks/useUrlFilters';
import { can, defaultOrgId } from '../orglife/orglife';
import {
  AUDIENCE_LABELS,
  audienceOptions,
  duration,
  fileSize,
  ITEM_KIND_COLORS,
  ITEM_KIND_LABELS,
  ITEM_STATUS_COLORS,
  ITEM_STATUS_LABELS,
  mediaDuration,
} from './learning';

const filterSchema = z.object({
  orgId: param.int(),
  kind: param.oneOf(ITEM_KINDS),
  status: param.oneOf(ITEM_STATUSES),
  q: param.text(),
  ...paging,
});

interface ItemValues {
  orgId?: number;
  title?: string;
  kind?: ItemKind;
  summary?: string;
  body?: string;
  minutes?: number;
  audience?: string[];
  required?: boolean;
  publishOn?: Dayjs;
}

const ACCEPT: Record<string, string> = {
  pdf: '.pdf,application/pdf',
  video: '.mp4,.m4v,.webm,.ogv,video/*',
  audio: '.mp3,.m4a,.ogg,.oga,.opus,.weba,audio/*',
};

/**
 * 新建 / 修改学习资料. A PDF, video or audio item is saved first, then its file uploaded (the
 * browser reads a video's or audio's running time from the file and sends it with the upload;
 * the server checks it against the size).
 */
function ItemModal({ id, orgId, onClose }: { id?: number; orgId?: number; onClose: () => void }) {
  const [form] = Form.useForm<ItemValues>();
  const { message } = App.useApp();
  const existing = useLearningItem(id);
  const create = useCreateLearningItem();
  const patch = usePatchLearningItem();
  const upload = useUploadLearningFile();
  const [file, setFile] = useState<File | null>(null);
  const [fileLength, setFileLength] = useState<number | null>(null);
  const kind = Form.useWatch('kind', form) ?? existing.data?.kind;
  const item = existing.data;
  const media = kind === 'video' || kind === 'audio';
  const fileLocked = item?.status === 'published';
  if (id && !item) return null;
  return (
    <FormModal<ItemValues>
      title={id ? '修改学习资料' : '新建学习资料'}
      open
      onClose={onClose}
      form={form}
      width={680}
      testId="learning-item-modal"
      initialValues={
        item
          ? {
              orgId: item.orgId,
              title: item.title,
              kind: item.kind,
              summary: item.summary,
              body: item.body,
              minutes: Math.max(1, Math.round(item.lengthSeconds / 60)),
              audience: item.audience,
              required: item.required,
              publishOn: dayjs(item.publishOn),
            }
          : { orgId, kind: 'text', audience: ['all'], required: false, publishOn: dayjs(), minutes: 30 }
      }
      fieldMap={{ lengthSeconds: 'minutes' }}
      onSubmit={async (v) => {
        const lengthSeconds = media && fileLength ? fileLength : Math.round((v.minutes ?? 1) * 60);
        const fields = {
          title: v.title?.trim() ?? '',
          summary: (v.summary ?? '').trim(),
          lengthSeconds,
          audience: (v.audience ?? ['all']) as (typeof LEARNING_AUDIENCES)[number][],
          required: !!v.required,
          publishOn: v.publishOn!.format('YYYY-MM-DD'),
          ...(v.kind === 'text' || item?.kind === 'text' ? { body: v.body ?? '' } : {}),
        };
        const saved = id
          ? await patch.mutateAsync({ params: { id }, body: fields })
          : await create.mutateAsync({ body: { ...fields, orgId: v.orgId!, kind: v.kind! } });
        if (file) {
          const body = new FormData();
          if (fileLength) body.append('lengthSeconds', String(fileLength));
          body.append('file', file);
          try {
            await upload.mutateAsync({ params: { id: saved.id }, body });
          } catch (e) {
            message.error(`资料已保存，文件未上传：${errorMessage(e)}`);
            throw e;
          }
        }
        message.success(id ? '已保存' : '已创建草稿，发布后学习对象可见');
      }}
    >
      <div className="form-row-2">
        <Form.Item name="orgId" label="发布组织" rules={[{ required: true, message: '请选择发布组织' }]}>
          <OrgPicker style={{ width: '100%' }} disabled={!!id} testId="field-item-org" />
        </Form.Item>
        <Form.Item name="kind" label="类型" rules={[{ required: true, message: '请选择类型' }]}>
          <Select
            disabled={!!id}
            options={ITEM_KINDS.map((k) => ({ value: k, label: ITEM_KIND_LABELS[k] }))}
            data-testid="field-item-kind"
          />
        </Form.Item>
      </div>
      <Form.Item
        name="title"
        label="标题"
        rules={[{ required: true, whitespace: true, message: '请填写标题' }]}
      >
        <Input maxLength={100} showCount data-testid="field-item-title" />
      </Form.Item>
      <Form.Item name="summary" label="简介">
        <Input.TextArea rows={2} maxLength={500} showCount />
      </Form.Item>
      {kind === 'text' ? (
        <Form.Item
          name="body"
          label="正文"
          rules={[{ required: true, min: 10, message: '请填写正文（至少10个字）' }]}
        >
          <Input.TextArea
            rows={8}
            maxLength={100_000}
            placeholder="段落之间空一行"
            data-testid="field-item-body"
          />
        </Form.Item>
      ) : kind ? (
        <Form.Item
          label="文件"
          extra={
            fileLocked
              ? '已发布的资料不能更换文件；如需更换，请先撤回。'
              : `PDF、视频或音频，不超过500MB。${media ? '选择文件后自动读取播放时长。' : ''}`
          }
        >
          <Space direction="vertical" style={{ width: '100%' }}>
            {item?.fileName ? (
              <span>
                当前文件：
                <a href={item.fileUrl ?? undefined} target="_blank" rel="noreferrer">
                  {item.fileName}
                </a>
                （{fileSize(item.size)}）
              </span>
            ) : null}
            <input
              type="file"
              accept={ACCEPT[kind]}
              disabled={fileLocked}
              data-testid="field-item-file"
              onChange={async (e) => {
                const f = e.target.files?.[0] ?? null;
                setFile(f);
                setFileLength(null);
                if (f && media) {
                  const secs = await mediaDuration(f);
                  setFileLength(secs);
                  if (secs) form.setFieldValue('minutes', Math.max(1, Math.round(secs / 60)));
                }
              }}
            />
            {file && media && fileLength ? (
              <Typography.Text type="secondary">播放时长：{duration(fileLength)}</Typography.Text>
            ) : null}
            {file && media && fileLength === null ? (
              <Alert type="warning" showIcon message="未能读取播放时长，请在下方填写媒体的实际时长" />
            ) : null}
          </Space>
        </Form.Item>
      ) : null}
      <div className="form-row-2">
        <Form.Item
          name="minutes"
          label={media ? '播放时长（分钟）' : '阅读时长（分钟）'}
          extra={media ? '按媒体实际时长计，学习计时不超过此时长' : '学习计时不超过此时长'}
          rules={[{ required: true, message: '请填写时长' }]}
        >
          <InputNumber
            min={1}
            max={600}
            precision={0}
            style={{ width: '100%' }}
            disabled={media && !!fileLength}
          />
        </Form.Item>
        <Form.Item name="publishOn" label="发布日期" rules={[{ required: true, message: '请选择发布日期' }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </div>
      <Form.Item
        name="audience"
        label="学习对象"
        rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一类' }]}
      >
        <Checkbox.Group options={audienceOptions} />
      </Form.Item>
      <Form.Item name="required" label="必学" valuePropName="checked">
        <Switch />
      </Form.Item>
    </FormModal>
  );
}

/** 学习资料: what the orgs of the caller's subtree published, with publish / withdraw and editing. */
export default function LearningItemsPage() {
  const { filters, setFilters: update, clearFilters } = useUrlFilters(filterSchema);
  const { orgId, kind, status, q, current, pageSize } = filters;
  const { data: me } = useMe();
  const { message } = App.useApp();
  const isPhone = useIsPhone();
  const list = useLearningItems({ orgId, kind, status, q, current, pageSize });
  const publish = usePublishLearningItem();
  const withdraw = useWithdrawLearningItem();
  const [editing, setEditing] = useState<{ id?: number } | null>(null);
  const canWrite = can(me, 'learning.write');

  const act = async (p: Promise<unknown>, ok: string) => {
    try {
      await p;
      message.success(ok);
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const actions = (i: ItemDto) =>
    i.editable ? (
      <Space size={0} wrap>
        <Button type="link" size="small" onClick={() => setEditing({ id: i.id })}>
          编辑
        </Button>
        {i.status !== 'published' ? (
          <Popconfirm
            title={
              FILE_KINDS.includes(i.kind) && !i.fileUrl
                ? '尚未上传文件，不能发布'
                : `发布后，${AUDIENCE_LABELS[i.audience[0]]}等学习对象自${i.publishOn}起可见。`
            }
            okText="发布"
            cancelText="取消"
            onConfirm={() => act(publish.mutateAsync({ params: { id: i.id } }), '已发布')}
          >
            <Button type="link" size="small" data-testid={`publish-${i.id}`}>
              发布
            </Button>
          </Popconfirm>
        ) : (
          <Popconfirm
            title="撤回后党员不再看到该资料；已记入的学时不变。"
            okText="撤回"
            cancelText="取消"
            onConfirm={() => act(withdraw.mutateAsync({ params: { id: i.id } }), '已撤回')}
          >
            <Button type="link" size="small" danger>
              撤回
            </Button>
          </Popconfirm>
        )}
      </Space>
    ) : null;

  const columns: ColumnsType<ItemDto> = [
    {
      title: '标题',
      dataIndex: 'title',
      render: (t: string, i) => (
        <div>
          <Space size={4} wrap>
            <Tag color={ITEM_KIND_COLORS[i.kind]}>{ITEM_KIND_LABELS[i.kind]}</Tag>
            {i.required ? <Tag color="red">必学</Tag> : null}
            {i.fileUrl ? (
              <a href={i.fileUrl} target="_blank" rel="noreferrer">
                {t}
              </a>
            ) : (
              <span>{t}</span>
            )}
          </Space>
          {i.summary ? (
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 13 }}>
              {i.summary}
            </Typography.Text>
          ) : null}
        </div>
      ),
    },
    { title: '发布组织', dataIndex: 'orgName', width: 200, ellipsis: true, responsive: ['lg'] },
    {
      title: '学习对象',
      dataIndex: 'audience',
      width: 150,
      render: (a: ItemDto['audience']) => a.map((x) => AUDIENCE_LABELS[x]).join('、'),
    },
    { title: '时长', dataIndex: 'lengthSeconds', width: 100, render: duration },
    { title: '发布日期', dataIndex: 'publishOn', width: 110, render: fmtDate },
    {
      title: '状态',
      dataIndex: 'status',
      width: 90,
      render: (s: ItemDto['status']) => <Tag color={ITEM_STATUS_COLORS[s]}>{ITEM_STATUS_LABELS[s]}</Tag>,
    },
    { title: '', key: 'act', width: 130, render: (_: unknown, i) => actions(i) },
  ];
  const phoneColumns: ColumnsType<ItemDto> = [
    {
      title: '学习资料',
      key: 'item',
      render: (_: unknown, i) => (
        <div className="meeting-cell">
          <div>
            <Tag color={ITEM_KIND_COLORS[i.kind]}>{ITEM_KIND_LABELS[i.kind]}</Tag>
            {i.required ? <Tag color="red">必学</Tag> : null}
            <b>{i.title}</b>
          </div>
          <div className="meeting-cell-facts">
            <span>{fmtDate(i.publishOn)}</span>
            <span>{duration(i.lengthSeconds)}</span>
            <Tag color={ITEM_STATUS_COLORS[i.status]}>{ITEM_STATUS_LABELS[i.status]}</Tag>
          </div>
          {actions(i)}
        </div>
      ),
    },
  ];

  return (
    <div className="page">
      <PageHeader
        title="学习资料"
        subtitle="本组织及下级组织发布的课程和学习资料：图文、PDF、视频、音频。发布后自发布日期起对本组织及下级组织的学习对象可见。"
        extra={
          canWrite ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing({})}
              data-testid="learning-item-add"
            >
              新建学习资料
            </Button>
          ) : null
        }
      />
      <FilterBar filtered={!!(orgId || kind || status || q)} onClear={clearFilters}>
        <OrgPicker
          value={orgId}
          onChange={(id) => update({ orgId: id })}
          placeholder="全部党组织"
          style={{ width: 260 }}
          className="filter-wide"
        />
        <Select
          value={kind}
          onChange={(v) => update({ kind: v })}
          options={ITEM_KINDS.map((k) => ({ value: k, label: ITEM_KIND_LABELS[k] }))}
          placeholder="类型"
          allowClear
          style={{ width: 120 }}
        />
        <Select
          value={status}
          onChange={(v) => update({ status: v })}
          options={ITEM_STATUSES.map((s) => ({ value: s, label: ITEM_STATUS_LABELS[s] }))}
          placeholder="状态"
          allowClear
          style={{ width: 110 }}
        />
        <SearchInput
          value={q}
          onSearch={(t) => update({ q: t || undefined })}
          placeholder="标题"
          width={200}
        />
      </FilterBar>
      <PagedTable<ItemDto>
        query={list}
        columns={isPhone ? phoneColumns : columns}
        current={current}
        pageSize={pageSize}
        onPageChange={update}
        totalText={(t) => countText(t, false, '项资料')}
        emptyText="没有学习资料"
        scroll={isPhone ? undefined : { x: 960 }}
        size="middle"
        data-testid="learning-item-table"
      />
      {editing ? (
        <ItemModal id={editing.id} orgId={orgId ?? defaultOrgId(me)} onClose={() => setEditing(null)} />
      ) : null}
    </div>
  );
}
