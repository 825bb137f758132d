import { PlusOutlined } from '@ant-design/icons';
import { Button, Select, Space, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link, useNavigate } from 'react-router';
import { z } from 'zod';
import { AGE_BAND_LABELS, AGE_BANDS } from '../../../../domain/member/age-bands';
import { GENDERS, MEMBER_CATEGORIES, MEMBER_STATUSES } from '../../../../domain/member/labels';
import { exportsApi } from '../../../../shared/contracts/exports';
import { useMe, useMembers, useOrg } from '../../../api/hooks';
import type { Member } from '../../../api/types';
import { addressFilters, ExportButton } from '../../../components/ExportButton';
import { FilterBar, SearchInput } from '../../../components/FilterBar';
import { OrgPicker } from '../../../components/OrgPicker';
import { countText, PagedTable } from '../../../components/PagedTable';
import { PageHeader } from '../../../components/PageHeader';
import { fmtDate } from '../../../format';
import { useIsPhone } from '../../../hooks/useMediaQuery';
import { paging, param, useUrlFilters } from '../../../hooks/useUrlFilters';
import {
  educationLabel,
  educationOptions,
  ethnicityLabel,
  ethnicityOptions,
  genderLabel,
  genderOptions,
  memberCategoryLabel,
  memberCategoryOptions,
  memberStatusLabel,
  memberStatusOptions,
} from '../../../labels';
import { IncomingTransfersAlert } from '../IncomingTransfersAlert';
import { PendingTransferTag } from '../PendingTransferTag';
import { ProbationTag } from '../ProbationTag';

const ageBandOptions = AGE_BANDS.map((b) => ({ value: b.code, label: b.label }));
const ethnicityFilterOptions = [{ value: 'minority', label: '少数民族（全部）' }, ...ethnicityOptions];
const decadeOptions = Array.from({ length: 9 }, (_, i) => 1950 + i * 10).map((y) => ({
  value: y,
  label: `${y}年代入党`,
}));

const filterSchema = z.object({
  orgId: param.int(),
  q: param.text(),
  category: param.oneOf(MEMBER_CATEGORIES),
  status: param.oneOf(MEMBER_STATUSES),
  gender: param.oneOf(GENDERS),
  ethnicity: param.text(),
  education: param.text(),
  ageBand: param.text(),
  joinDecade: param.int(),
  ...paging,
});
type FilterKey = keyof z.output<typeof filterSchema>;

export const STATUS_COLORS: Record<string, string> = {
  active: 'green',
  mobile: 'blue',
  lost_contact: 'orange',
  left: 'default',
  deceased: 'default',
};

/** 党员名册: filters kept in the address (so `?orgId=` links work), server-side paging. */
export default function MemberListPage() {
  const { filters, setFilters: update, clearFilters, params } = useUrlFilters(filterSchema);
  const navigate = useNavigate();
  const { data: me } = useMe();
  const isPhone = useIsPhone();
  const { orgId, category, status, gender, ethnicity, education, ageBand, joinDecade, current, pageSize } =
    filters;
  const q = filters.q ?? '';

  const list = useMembers({
    orgId,
    q: q || undefined,
    category,
    status,
    gender,
    ethnicity,
    education,
    ageBand,
    joinDecade,
    current,
    pageSize,
  });
  const org = useOrg(orgId);

  const canWrite = me?.permissions.includes('member.write') ?? false;

  // The filters in the address, as removable tags (a dashboard's click-through lands here).
  const activeTags = [
    orgId && { key: 'orgId', label: `党组织：${org.data?.name ?? '…'}（含下级）` },
    q && { key: 'q', label: `姓名：${q}` },
    category && { key: 'category', label: memberCategoryLabel(category) },
    status && { key: 'status', label: `状态：${memberStatusLabel(status)}` },
    gender && { key: 'gender', label: `性别：${genderLabel(gender)}` },
    ethnicity && {
      key: 'ethnicity',
      label: `民族：${ethnicity === 'minority' ? '少数民族' : ethnicityLabel(ethnicity)}`,
    },
    education && { key: 'education', label: `学历：${educationLabel(education)}` },
    ageBand && {
      key: 'ageBand',
      label: `年龄：${AGE_BAND_LABELS[ageBand as keyof typeof AGE_BAND_LABELS] ?? ageBand}`,
    },
    joinDecade && { key: 'joinDecade', label: `${joinDecade}年代入党` },
  ].filter(Boolean) as { key: FilterKey; label: string }[];

  const columns: ColumnsType<Member> = [
    {
      title: '姓名',
      dataIndex: 'name',
      fixed: 'left',
      width: 90,
      render: (name: string, m) => (
        <Link to={`/members/${m.id}`} data-testid="member-link">
          {name}
        </Link>
      ),
    },
    { title: '性别', dataIndex: 'gender', width: 56, render: genderLabel },
    { title: '年龄', dataIndex: 'age', width: 56, responsive: ['sm'] },
    {
      title: '党员类别',
      dataIndex: 'category',
      width: 90,
      render: (c: string) => <Tag color={c === 'full' ? 'red' : 'gold'}>{memberCategoryLabel(c)}</Tag>,
    },
    {
      title: '状态',
      dataIndex: 'status',
      width: 124,
      render: (s: string, m) => (
        <Space size={4} wrap>
          <Tag color={STATUS_COLORS[s] ?? 'default'}>{memberStatusLabel(s)}</Tag>
          <PendingTransferTag pending={m.pendingTransfer} />
          <ProbationTag probation={m.probation} />
        </Space>
      ),
    },
    {
      title: '所在党组织',
      dataIndex: 'orgName',
      ellipsis: true,
      render: (name: string) => <span data-testid="member-org">{name}</span>,
    },
    { title: '入党日期', dataIndex: 'joinedOn', width: 106, render: fmtDate, responsive: ['sm'] },
    {
      title: '身份证号',
      dataIndex: 'idNumber',
      width: 172,
      responsive: ['sm'],
      render: (v: string | null) => <span className="mono">{v ?? '—'}</span>,
    },
    {
      title: '联系电话',
      dataIndex: 'phone',
      width: 118,
      responsive: ['sm'],
      render: (v: string | null) => <span className="mono">{v ?? '—'}</span>,
    },
  ];

  return (
    <div className="page">
      <PageHeader
        title="党员名册"
        subtitle="按党组织查看党员（含下级组织）。身份证号、联系电话已脱敏显示。"
        extra={
          <>
            <ExportButton contract={exportsApi.members} query={addressFilters(params)} />
            {canWrite ? (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => navigate(orgId ? `/members/new?orgId=${orgId}` : '/members/new')}
                data-testid="member-add"
              >
                新增党员
              </Button>
            ) : null}
          </>
        }
      />
      {me ? <IncomingTransfersAlert me={me} orgId={orgId} /> : null}
      <FilterBar
        testId="member-filters"
        filtered={activeTags.length > 0}
        onClear={clearFilters}
        footer={
          activeTags.length ? (
            <div
              style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 6, marginTop: 12 }}
              data-testid="active-filters"
            >
              <span className="muted small">当前筛选：</span>
              {activeTags.map((t) => (
                <Tag
                  key={t.key}
                  closable
                  color="red"
                  onClose={(e) => {
                    e.preventDefault();
                    update({ [t.key]: undefined });
                  }}
                  data-testid={`active-filter-${t.key}`}
                >
                  {t.label}
                </Tag>
              ))}
            </div>
          ) : null
        }
      >
        <OrgPicker
          value={orgId}
          onChange={(id) => update({ orgId: id })}
          placeholder="全部党组织"
          style={{ width: 260 }}
          className="filter-wide"
          testId="filter-org"
        />
        <SearchInput
          value={q}
          onSearch={(text) => update({ q: text })}
          placeholder="姓名或拼音"
          width={180}
          className="filter-wide"
          testId="filter-q"
        />
        <Select
          value={category}
          onChange={(v) => update({ category: v })}
          options={memberCategoryOptions}
          placeholder="党员类别"
          allowClear
          style={{ width: 130 }}
          data-testid="filter-category"
        />
        <Select
          value={status}
          onChange={(v) => update({ status: v })}
          options={memberStatusOptions}
          placeholder="党员状态"
          allowClear
          style={{ width: 130 }}
          data-testid="filter-status"
        />
        <Select
          value={gender}
          onChange={(v) => update({ gender: v })}
          options={genderOptions}
          placeholder="性别"
          allowClear
          style={{ width: 100 }}
          data-testid="filter-gender"
        />
        <Select
          value={ethnicity}
          onChange={(v) => update({ ethnicity: v })}
          options={ethnicityFilterOptions}
          placeholder="民族"
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 150 }}
          data-testid="filter-ethnicity"
        />
        <Select
          value={education}
          onChange={(v) => update({ education: v })}
          options={educationOptions}
          placeholder="学历"
          allowClear
          style={{ width: 120 }}
          data-testid="filter-education"
        />
        <Select
          value={ageBand}
          onChange={(v) => update({ ageBand: v })}
          options={ageBandOptions}
          placeholder="年龄段"
          allowClear
          style={{ width: 130 }}
          data-testid="filter-age-band"
        />
        <Select
          value={joinDecade}
          onChange={(v) => update({ joinDecade: v })}
          options={decadeOptions}
          placeholder="入党年代"
          allowClear
          style={{ width: 140 }}
          data-testid="filter-join-decade"
        />
      </FilterBar>
      <PagedTable<Member>
        query={list}
        columns={columns}
        current={current}
        pageSize={pageSize}
        onPageChange={update}
        totalText={(total, estimated) => (
          <span data-testid="member-total">{countText(total, estimated, '名党员')}</span>
        )}
        pageSizeOptions={[10, 20, 50, 100]}
        emptyText="没有符合条件的党员"
        scroll={{ x: isPhone ? 600 : 1040 }}
        size="middle"
        data-testid="member-table"
        onRow={(m) => ({
          onClick: (e) => {
            if ((e.target as HTMLElement).closest('a')) return;
            navigate(`/members/${m.id}`);
          },
          style: { cursor: 'pointer' },
        })}
      />
    </div>
  );
}
