import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, InputNumber, Select, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link } from 'react-router';
import { z } from 'zod';
import { COVERAGE_KIND_LABELS, COVERAGE_KINDS, type CoverageKind } from '../../../domain/org/coverage';
import { exportsApi } from '../../../shared/contracts/exports';
import { type CoverageUnit, useCoverageUnits, useSaveCoverageUnit } from '../../api/dashboard';
import { useMe, useOrg } from '../../api/hooks';
import { ExportButton } from '../../components/ExportButton';
import { FilterBar, SearchInput } from '../../components/FilterBar';
import { FormModal } from '../../components/FormModal';
import { OrgPicker } from '../../components/OrgPicker';
import { PagedTable } from '../../components/PagedTable';
import { PageHeader } from '../../components/PageHeader';
import { useIsPhone } from '../../hooks/useMediaQuery';
import { paging, param, useUrlFilters } from '../../hooks/useUrlFilters';

const kindOptions = COVERAGE_KINDS.map((k) => ({ value: k, label: COVERAGE_KIND_LABELS[k] }));
const coveredOptions = [
  { value: 'true', label: '已覆盖' },
  { value: 'false', label: '未覆盖' },
];
const filterSchema = z.object({
  orgId: param.int(),
  kind: param.oneOf(COVERAGE_KINDS),
  covered: param.oneOf(['true', 'false']),
  q: param.text(),
  ...paging,
});
const KIND_COLORS: Record<CoverageKind, string> = {
  private_enterprise: 'volcano',
  state_enterprise: 'red',
  social_organization: 'blue',
};

interface UnitValues {
  name: string;
  kind: CoverageKind;
  orgId: number;
  employees: number;
  coveredByOrgId?: number | null;
}

function UnitModal({
  unit,
  defaultOrgId,
  onClose,
}: {
  unit: CoverageUnit | null;
  defaultOrgId?: number;
  onClose: () => void;
}) {
  const [form] = Form.useForm<UnitValues>();
  const save = useSaveCoverageUnit();
  const { message } = App.useApp();
  return (
    <FormModal<UnitValues>
      title={unit ? `编辑：${unit.name}` : '新增两新组织单位'}
      open
      onClose={onClose}
      form={form}
      testId="coverage-modal"
      initialValues={
        unit
          ? {
              name: unit.name,
              kind: unit.kind,
              orgId: unit.orgId,
              employees: unit.employees,
              coveredByOrgId: unit.coveredByOrgId,
            }
          : { orgId: defaultOrgId, employees: 0, kind: 'private_enterprise' }
      }
      onSubmit={async (v) => {
        await save.mutateAsync({
          id: unit?.id,
          body: { ...v, coveredByOrgId: v.coveredByOrgId ?? null },
        });
        message.success(unit ? '已保存' : '已新增');
      }}
    >
      <Form.Item name="name" label="单位名称" rules={[{ required: true, message: '请填写单位名称' }]}>
        <Input maxLength={100} placeholder="如：兰州某某科技有限公司、某某协会" data-testid="unit-name" />
      </Form.Item>
      <Form.Item name="kind" label="单位类型" rules={[{ required: true, message: '请选择单位类型' }]}>
        <Select options={kindOptions} data-testid="unit-kind" />
      </Form.Item>
      <Form.Item
        name="orgId"
        label="所属党组织"
        extra="负责该区域的街道、乡镇党委等"
        rules={[{ required: true, message: '请选择所属党组织' }]}
      >
        <OrgPicker placeholder="选择党组织" filter={(o) => o.kind !== 'group'} testId="unit-org" />
      </Form.Item>
      <Form.Item
        name="employees"
        label="从业人员数"
        rules={[{ required: true, message: '请填写从业人员数' }]}
      >
        <InputNumber min={0} max={1_000_000} precision={0} style={{ width: '100%' }} suffix="人" />
      </Form.Item>
      <Form.Item
        name="coveredByOrgId"
        label="覆盖党组织"
        extra="单独建立的党组织或联合党支部；不选表示尚未覆盖"
      >
        <OrgPicker placeholder="尚未覆盖" filter={(o) => o.kind !== 'group'} testId="unit-covered-by" />
      </Form.Item>
    </FormModal>
  );
}

/** 两新组织覆盖 (`/coverage?orgId=&kind=&covered=`): the units of a subtree and who covers them. */
export default function CoveragePage() {
  const { filters, setFilters: update, clearFilters } = useUrlFilters(filterSchema);
  const { data: me } = useMe();
  const isPhone = useIsPhone();
  const { orgId, kind, covered, q, current, pageSize } = filters;
  const [editing, setEditing] = useState<CoverageUnit | 'new' | null>(null);
  const list = useCoverageUnits({ orgId, kind, covered, q, current, pageSize });
  const org = useOrg(orgId);
  const canWrite = me?.permissions.includes('org.write') ?? false;

  const columns: ColumnsType<CoverageUnit> = [
    {
      title: '单位名称',
      dataIndex: 'name',
      fixed: 'left',
      width: isPhone ? 150 : 260,
      render: (n: string) => <span data-testid="unit-row-name">{n}</span>,
    },
    {
      title: '类型',
      dataIndex: 'kind',
      width: 120,
      responsive: ['sm'],
      render: (k: CoverageKind) => <Tag color={KIND_COLORS[k]}>{COVERAGE_KIND_LABELS[k]}</Tag>,
    },
    { title: '所属党组织', dataIndex: 'orgName', ellipsis: true, responsive: ['md'] },
    {
      title: '从业人员',
      dataIndex: 'employees',
      width: 96,
      align: 'right',
      responsive: ['sm'],
      render: (n: number) => `${n} 人`,
    },
    {
      title: '党组织覆盖',
      dataIndex: 'coveredByOrgName',
      width: isPhone ? 180 : 300,
      render: (n: string | null) =>
        n ? (
          <span>
            <Tag color="success">已覆盖</Tag>
            {n}
          </span>
        ) : (
          <Tag color="error">未覆盖</Tag>
        ),
    },
    ...(canWrite
      ? [
          {
            title: '操作',
            key: 'actions',
            width: 80,
            render: (_: unknown, u: CoverageUnit) =>
              u.abilities.update ? (
                <Button
                  type="link"
                  size="small"
                  icon={<EditOutlined />}
                  onClick={() => setEditing(u)}
                  data-testid="unit-edit"
                >
                  编辑
                </Button>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <div className="page">
      <PageHeader
        title="两新组织覆盖"
        subtitle="非公有制企业、国有企业和社会组织的党组织覆盖情况（单独建立或联合党支部覆盖）。"
        extra={
          <>
            {orgId ? (
              <Link to={`/dashboard?orgId=${orgId}`}>
                <Button>返回数据看板</Button>
              </Link>
            ) : null}
            <ExportButton
              contract={exportsApi.coverage}
              query={{ orgId, kind, covered, q: q || undefined }}
            />
            {canWrite ? (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setEditing('new')}
                data-testid="unit-add"
              >
                新增单位
              </Button>
            ) : null}
          </>
        }
      />
      <FilterBar
        filtered={!!(orgId || kind || covered || q)}
        onClear={clearFilters}
        footer={
          orgId ? (
            <div className="muted small" style={{ marginTop: 8 }}>
              {org.data?.name ?? '…'} 及全部下级负责的单位
            </div>
          ) : null
        }
      >
        <OrgPicker
          value={orgId}
          onChange={(id) => update({ orgId: id })}
          placeholder="全部党组织"
          style={{ width: 280 }}
          className="filter-wide"
          testId="coverage-org"
        />
        <Select
          value={kind}
          onChange={(v) => update({ kind: v })}
          options={kindOptions}
          placeholder="单位类型"
          allowClear
          style={{ width: 150 }}
          data-testid="coverage-kind"
        />
        <Select
          value={covered}
          onChange={(v) => update({ covered: v })}
          options={coveredOptions}
          placeholder="覆盖情况"
          allowClear
          style={{ width: 120 }}
          data-testid="coverage-covered"
        />
        <SearchInput
          value={q}
          onSearch={(text) => update({ q: text })}
          placeholder="单位名称"
          width={180}
          testId="coverage-q"
        />
      </FilterBar>
      <PagedTable<CoverageUnit>
        query={list}
        columns={columns}
        rowKey="id"
        current={current}
        pageSize={pageSize}
        onPageChange={update}
        totalText={(total) => <span data-testid="coverage-total">共 {total} 家单位</span>}
        emptyText="没有符合条件的单位"
        scroll={{ x: isPhone ? 560 : 960 }}
        size="middle"
        data-testid="coverage-table"
      />
      {editing ? (
        <UnitModal
          unit={editing === 'new' ? null : editing}
          defaultOrgId={orgId}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </div>
  );
}
