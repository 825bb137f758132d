import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Form, Input, Popconfirm, Select, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { z } from 'zod';
import { exportsApi } from '../../../../shared/contracts/exports';
import { errorMessage } from '../../../api/client';
import { useCreateHeartTalk, useDeleteHeartTalk, useHeartTalks, useMe, useOrg } from '../../../api/hooks';
import type { HeartTalk, OrgSummary } from '../../../api/types';
import { ExportButton } from '../../../components/ExportButton';
import { FilterBar } from '../../../components/FilterBar';
import { FormModal } from '../../../components/FormModal';
import { MemberPicker } from '../../../components/MemberPicker';
import { OrgPicker } from '../../../components/OrgPicker';
import { countText, PagedTable } from '../../../components/PagedTable';
import { PageHeader } from '../../../components/PageHeader';
import { fmtDate } from '../../../format';
import { useIsPhone } from '../../../hooks/useMediaQuery';
import { paging, param, useUrlFilters } from '../../../hooks/useUrlFilters';
import { committeeRoleLabel } from '../../../labels';
import { can, defaultOrgId, isBranch } from '../orglife';

const branchOnly = (o: OrgSummary) => isBranch(o.kind);
const filterSchema = z.object({
  orgId: param.int(),
  memberId: param.int(),
  year: param.int(),
  /** `?create=1` (from an org's calendar) opens the form at once. */
  create: param.oneOf(['1']),
  ...paging,
});

interface TalkValues {
  orgId?: number;
  memberId?: number;
  talkerMemberId?: number;
  talkedOn?: Dayjs;
  summary?: string;
}

/** The talker: a committee member of the org (secretary first), or any member when it has none on record. */
function TalkerSelect({
  orgId,
  value,
  onChange,
  id,
}: {
  orgId?: number;
  value?: number;
  onChange?: (v: number | undefined) => void;
  id?: string;
}) {
  const org = useOrg(orgId);
  const committee = org.data?.committee ?? [];
  if (orgId && org.data && !committee.length) {
    return (
      <MemberPicker
        id={id}
        orgId={orgId}
        value={value}
        onChange={(v) => onChange?.(v)}
        style={{ width: '100%' }}
        testId="field-talker"
      />
    );
  }
  return (
    <Select
      id={id}
      value={value}
      onChange={onChange}
      loading={org.isLoading}
      disabled={!orgId}
      placeholder={orgId ? '选择支委会成员' : '请先选择党组织'}
      options={committee.map((c) => ({
        value: c.memberId,
        label: `${c.memberName}（${committeeRoleLabel(c.role)}）`,
      }))}
      data-testid="field-talker"
    />
  );
}

function CreateTalkModal({ orgId, onClose }: { orgId?: number; onClose: () => void }) {
  const [form] = Form.useForm<TalkValues>();
  const create = useCreateHeartTalk();
  const { message } = App.useApp();
  const picked = Form.useWatch('orgId', form);
  return (
    <FormModal<TalkValues>
      title="记录谈心谈话"
      open
      onClose={onClose}
      form={form}
      width={600}
      initialValues={{ orgId, talkedOn: dayjs() }}
      testId="heart-talk-modal"
      onSubmit={async (v) => {
        await create.mutateAsync({
          orgId: v.orgId!,
          memberId: v.memberId!,
          talkerMemberId: v.talkerMemberId!,
          talkedOn: v.talkedOn!.format('YYYY-MM-DD'),
          summary: (v.summary ?? '').trim(),
        });
        message.success('已记录谈心谈话');
      }}
    >
      <Form.Item name="orgId" label="党组织" rules={[{ required: true, message: '请选择党支部' }]}>
        <OrgPicker style={{ width: '100%' }} filter={branchOnly} testId="field-talk-org" />
      </Form.Item>
      <div className="form-row-2">
        <Form.Item name="memberId" label="谈话对象" rules={[{ required: true, message: '请选择谈话对象' }]}>
          <MemberPicker orgId={picked} style={{ width: '100%' }} testId="field-talk-member" />
        </Form.Item>
        <Form.Item name="talkerMemberId" label="谈话人" rules={[{ required: true, message: '请选择谈话人' }]}>
          <TalkerSelect orgId={picked} />
        </Form.Item>
      </div>
      <Form.Item name="talkedOn" label="谈话日期" rules={[{ required: true, message: '请选择谈话日期' }]}>
        <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
      </Form.Item>
      <Form.Item
        name="summary"
        label="谈话要点"
        rules={[{ required: true, whitespace: true, message: '请填写谈话要点' }]}
      >
        <Input.TextArea
          rows={4}
          maxLength={2000}
          showCount
          placeholder="思想、工作、生活情况，意见建议及帮助措施"
          data-testid="field-talk-summary"
        />
      </Form.Item>
    </FormModal>
  );
}

/** 谈心谈话: talks of committee members with members (once a year each), filtered by org, year, member. */
export default function HeartTalksPage() {
  const { filters, setFilters: update, clearFilters } = useUrlFilters(filterSchema);
  const { data: me } = useMe();
  const { message } = App.useApp();
  const isPhone = useIsPhone();
  const { orgId, memberId, year, create, current, pageSize } = filters;
  const list = useHeartTalks({ orgId, memberId, year, current, pageSize });
  const remove = useDeleteHeartTalk();
  const canWrite = can(me, 'orglife.write');
  const [creating, setCreating] = useState(false);

  // `?create=1` (from an org's calendar) opens the form at once.
  useEffect(() => {
    if (create && canWrite) {
      setCreating(true);
      update({ create: undefined }, { keepPage: true });
    }
  }, [create, update, canWrite]);

  const thisYear = dayjs().year();
  const years = Array.from({ length: 6 }, (_, i) => thisYear - i).map((y) => ({ value: y, label: `${y}年` }));

  const columns: ColumnsType<HeartTalk> = [
    { title: '谈话日期', dataIndex: 'talkedOn', width: 110, render: fmtDate },
    {
      title: '谈话对象',
      dataIndex: 'memberName',
      width: 100,
      render: (name: string, t) => <Link to={`/members/${t.memberId}`}>{name}</Link>,
    },
    { title: '谈话人', dataIndex: 'talkerName', width: 100 },
    { title: '党组织', dataIndex: 'orgName', width: 200, ellipsis: true, responsive: ['lg'] },
    {
      title: '谈话要点',
      dataIndex: 'summary',
      render: (s: string) => (
        <Typography.Paragraph
          ellipsis={{ rows: 2, expandable: 'collapsible', symbol: (e) => (e ? '收起' : '展开') }}
          style={{ marginBottom: 0 }}
        >
          {s}
        </Typography.Paragraph>
      ),
    },
  ];
  // On a phone: who talked with whom and when on one line, the summary below.
  const phoneColumns: ColumnsType<HeartTalk> = [
    {
      title: '谈话记录',
      key: 'talk',
      render: (_: unknown, t) => (
        <div className="meeting-cell">
          <div className="meeting-cell-facts">
            <span>{fmtDate(t.talkedOn)}</span>
            <span>
              <b>{t.talkerName}</b> 与 <Link to={`/members/${t.memberId}`}>{t.memberName}</Link>
            </span>
          </div>
          <Typography.Paragraph
            ellipsis={{ rows: 2, expandable: 'collapsible', symbol: (e) => (e ? '收起' : '展开') }}
            style={{ marginBottom: 0 }}
          >
            {t.summary}
          </Typography.Paragraph>
        </div>
      ),
    },
  ];
  if (canWrite) {
    const del: ColumnsType<HeartTalk>[number] = {
      title: '',
      key: 'act',
      width: 70,
      render: (_: unknown, t: HeartTalk) => (
        <Popconfirm
          title="删除这条谈话记录？"
          okText="删除"
          cancelText="取消"
          okButtonProps={{ danger: true }}
          onConfirm={async () => {
            try {
              await remove.mutateAsync(t.id);
              message.success('已删除');
            } catch (e) {
              message.error(errorMessage(e));
            }
          }}
        >
          <Button type="link" danger size="small" icon={<DeleteOutlined />} aria-label="删除" />
        </Popconfirm>
      ),
    };
    columns.push(del);
    phoneColumns.push({ ...del, width: 44 });
  }

  return (
    <div className="page">
      <PageHeader
        title="谈心谈话"
        subtitle="党支部委员会成员与党员之间的谈心谈话，每年至少一次。"
        extra={
          <>
            <ExportButton contract={exportsApi.heartTalks} query={{ orgId, memberId, year }} />
            {canWrite ? (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setCreating(true)}
                data-testid="heart-talk-add"
              >
                记录谈话
              </Button>
            ) : null}
          </>
        }
      />
      <FilterBar filtered={!!(orgId || year || memberId)} onClear={clearFilters}>
        <OrgPicker
          value={orgId}
          onChange={(id) => update({ orgId: id, memberId: undefined })}
          placeholder="全部党组织"
          style={{ width: 260 }}
          className="filter-wide"
        />
        <Select
          value={year}
          onChange={(v) => update({ year: v })}
          options={years}
          placeholder="年度"
          allowClear
          style={{ width: 110 }}
        />
        <MemberPicker
          value={memberId}
          onChange={(v) => update({ memberId: v })}
          orgId={orgId}
          placeholder="谈话对象"
          style={{ width: 180 }}
        />
      </FilterBar>
      <PagedTable<HeartTalk>
        query={list}
        columns={isPhone ? phoneColumns : columns}
        current={current}
        pageSize={pageSize}
        onPageChange={update}
        totalText={(t) => countText(t, false, '次谈话')}
        emptyText="没有谈心谈话记录"
        scroll={isPhone ? undefined : { x: 860 }}
        size="middle"
        data-testid="heart-talk-table"
      />
      {creating ? (
        <CreateTalkModal orgId={orgId ?? defaultOrgId(me)} onClose={() => setCreating(false)} />
      ) : null}
    </div>
  );
}
