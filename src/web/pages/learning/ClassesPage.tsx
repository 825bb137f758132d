import { PlusOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Form, Input, InputNumber, Select, Switch, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { z } from 'zod';
import {
  CLASS_KINDS,
  CLASS_STATUSES,
  type ClassDto,
  type ClassKind,
} from '../../../shared/contracts/learning';
import { useMe } from '../../api/auth';
import { useCreateLearningClass, useLearningClasses } from '../../api/learning';
import { FilterBar } from '../../components/FilterBar';
import { FormModal } from '../../components/FormModal';
import { OrgPicker } from '../../components/OrgPicker';
import { countText, PagedTable } from '../../components/PagedTable';
import { PageHeader } from '../../components/PageHeader';
import { fmtDate } from '../../format';
import { useIsPhone } from '../../hooks/useMediaQuery';
import { paging, param, useUrlFilters } from '../../hooks/useUrlFilters';
import { can, defaultOrgId } from '../orglife/orglife';
import { CLASS_KIND_LABELS, CLASS_STATUS_COLORS, CLASS_STATUS_LABELS } from './learning';

const filterSchema = z.object({
  orgId: param.int(),
  kind: param.oneOf(CLASS_KINDS),
  status: param.oneOf(CLASS_STATUSES),
  year: param.int(),
  ...paging,
});

interface ClassValues {
  orgId?: number;
  kind?: ClassKind;
  title?: string;
  organiser?: string;
  dates?: [Dayjs, Dayjs];
  creditHours?: number;
  place?: string;
  online?: boolean;
  completionPercent?: number;
}

function CreateClassModal({ orgId, onClose }: { orgId?: number; onClose: () => void }) {
  const [form] = Form.useForm<ClassValues>();
  const create = useCreateLearningClass();
  const navigate = useNavigate();
  const { message } = App.useApp();
  return (
    <FormModal<ClassValues>
      title="新建培训班"
      open
      onClose={onClose}
      form={form}
      width={640}
      testId="learning-class-modal"
      initialValues={{ orgId, kind: 'training', online: false, completionPercent: 80, creditHours: 8 }}
      fieldMap={{ startsOn: 'dates', endsOn: 'dates' }}
      onSubmit={async (v) => {
        const c = await create.mutateAsync({
          body: {
            orgId: v.orgId!,
            kind: v.kind!,
            title: v.title?.trim() ?? '',
            organiser: v.organiser?.trim() || undefined,
            startsOn: v.dates![0].format('YYYY-MM-DD'),
            endsOn: v.dates![1].format('YYYY-MM-DD'),
            creditHours: v.creditHours!,
            place: (v.place ?? '').trim(),
            online: !!v.online,
            completionPercent: v.completionPercent,
          },
        });
        message.success('已创建培训班，请添加学员');
        navigate(`/learning/classes/${c.id}`);
      }}
    >
      <div className="form-row-2">
        <Form.Item name="orgId" label="主办组织" rules={[{ required: true, message: '请选择主办组织' }]}>
          <OrgPicker style={{ width: '100%' }} testId="field-class-org" />
        </Form.Item>
        <Form.Item name="kind" label="类型" rules={[{ required: true }]}>
          <Select options={CLASS_KINDS.map((k) => ({ value: k, label: CLASS_KIND_LABELS[k] }))} />
        </Form.Item>
      </div>
      <Form.Item
        name="title"
        label="名称"
        rules={[{ required: true, whitespace: true, message: '请填写培训班名称' }]}
      >
        <Input maxLength={100} placeholder="如：2026年基层党组织书记轮训班" data-testid="field-class-title" />
      </Form.Item>
      <Form.Item name="organiser" label="主办单位" extra="留空即为主办组织的名称">
        <Input maxLength={60} />
      </Form.Item>
      <Form.Item name="dates" label="班期" rules={[{ required: true, message: '请选择开始和结束日期' }]}>
        <DatePicker.RangePicker style={{ width: '100%' }} data-testid="field-class-dates" />
      </Form.Item>
      <div className="form-row-2">
        <Form.Item
          name="creditHours"
          label="学时"
          extra="结业学员计入全部学时"
          rules={[{ required: true, message: '请填写学时' }]}
        >
          <InputNumber min={0.5} max={200} step={0.5} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="completionPercent"
          label="结业出勤比例（%）"
          extra="出勤天数达到班期天数的此比例即结业"
        >
          <InputNumber min={1} max={100} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </div>
      <div className="form-row-2">
        <Form.Item name="place" label="地点">
          <Input maxLength={100} placeholder="如：区委党校" />
        </Form.Item>
        <Form.Item name="online" label="线上举办" valuePropName="checked">
          <Switch />
        </Form.Item>
      </div>
    </FormModal>
  );
}

/** 培训班: 集中培训 and 专题辅导 organised in the caller's subtree. */
export default function LearningClassesPage() {
  const { filters, setFilters: update, clearFilters } = useUrlFilters(filterSchema);
  const { orgId, kind, status, year, current, pageSize } = filters;
  const { data: me } = useMe();
  const isPhone = useIsPhone();
  const list = useLearningClasses({ orgId, kind, status, year, current, pageSize });
  const [creating, setCreating] = useState(false);
  const thisYear = dayjs().year();
  const years = Array.from({ length: 5 }, (_, i) => thisYear - i).map((y) => ({ value: y, label: `${y}年` }));

  const columns: ColumnsType<ClassDto> = [
    {
      title: '培训班',
      dataIndex: 'title',
      render: (t: string, c) => (
        <span>
          <Tag color={c.kind === 'training' ? 'red' : 'gold'}>{CLASS_KIND_LABELS[c.kind]}</Tag>
          <Link to={`/learning/classes/${c.id}`}>{t}</Link>
        </span>
      ),
    },
    { title: '主办', dataIndex: 'organiser', width: 200, ellipsis: true, responsive: ['lg'] },
    {
      title: '班期',
      key: 'dates',
      width: 200,
      render: (_: unknown, c) =>
        c.days > 1 ? `${fmtDate(c.startsOn)} 至 ${fmtDate(c.endsOn)}` : fmtDate(c.startsOn),
    },
    { title: '学时', dataIndex: 'creditHours', width: 70 },
    {
      title: '结业 / 学员',
      key: 'count',
      width: 110,
      render: (_: unknown, c) => `${c.completedCount} / ${c.rosterCount}`,
    },
    {
      title: '状态',
      dataIndex: 'status',
      width: 90,
      render: (s: ClassDto['status']) => <Tag color={CLASS_STATUS_COLORS[s]}>{CLASS_STATUS_LABELS[s]}</Tag>,
    },
  ];
  const phoneColumns: ColumnsType<ClassDto> = [
    {
      title: '培训班',
      key: 'c',
      render: (_: unknown, c) => (
        <div className="meeting-cell">
          <div>
            <Tag color={c.kind === 'training' ? 'red' : 'gold'}>{CLASS_KIND_LABELS[c.kind]}</Tag>
            <Link to={`/learning/classes/${c.id}`}>{c.title}</Link>
          </div>
          <div className="meeting-cell-facts">
            <span>{fmtDate(c.startsOn)}</span>
            <span>{c.creditHours}学时</span>
            <span>
              结业 {c.completedCount}/{c.rosterCount}
            </span>
            <Tag color={CLASS_STATUS_COLORS[c.status]}>{CLASS_STATUS_LABELS[c.status]}</Tag>
          </div>
        </div>
      ),
    },
  ];
  return (
    <div className="page">
      <PageHeader
        title="培训班"
        subtitle="集中培训和专题辅导：学员名单、每日扫码或登记出勤，出勤达到结业比例的学员计入该班学时。"
        extra={
          can(me, 'learning.write') ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="learning-class-add"
            >
              新建培训班
            </Button>
          ) : null
        }
      />
      <FilterBar filtered={!!(orgId || kind || status || year)} onClear={clearFilters}>
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
          options={CLASS_KINDS.map((k) => ({ value: k, label: CLASS_KIND_LABELS[k] }))}
          placeholder="类型"
          allowClear
          style={{ width: 120 }}
        />
        <Select
          value={status}
          onChange={(v) => update({ status: v })}
          options={CLASS_STATUSES.map((s) => ({ value: s, label: CLASS_STATUS_LABELS[s] }))}
          placeholder="状态"
          allowClear
          style={{ width: 110 }}
        />
        <Select
          value={year}
          onChange={(v) => update({ year: v })}
          options={years}
          placeholder="年度"
          allowClear
          style={{ width: 110 }}
        />
      </FilterBar>
      <PagedTable<ClassDto>
        query={list}
        columns={isPhone ? phoneColumns : columns}
        current={current}
        pageSize={pageSize}
        onPageChange={update}
        totalText={(t) => countText(t, false, '个培训班')}
        emptyText="没有培训班"
        scroll={isPhone ? undefined : { x: 900 }}
        size="middle"
        data-testid="learning-class-table"
      />
      {creating ? (
        <CreateClassModal orgId={orgId ?? defaultOrgId(me)} onClose={() => setCreating(false)} />
      ) : null}
    </div>
  );
}
