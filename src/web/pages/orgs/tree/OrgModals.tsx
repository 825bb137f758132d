import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Col, DatePicker, Form, Input, Row, Select, Space, Switch } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import {
  allowedChildKinds,
  type CommitteeRole,
  type OrgKind,
  type Sector,
} from '../../../../domain/org/labels';
import { useCreateOrg, useCreateTerm, useDissolveOrg, useMoveOrg, useUpdateOrg } from '../../../api/hooks';
import type { Org, OrgPatchBody } from '../../../api/types';
import { FormModal } from '../../../components/FormModal';
import { MemberPicker } from '../../../components/MemberPicker';
import { OrgPicker } from '../../../components/OrgPicker';
import { fromIsoDate, toIsoDate } from '../../../format';
import { committeeRoleOptions, orgKindLabel, sectorOptions } from '../../../labels';

const notFuture = (d: Dayjs) => d.isAfter(dayjs(), 'day');

interface ModalProps {
  org: Org;
  open: boolean;
  onClose: () => void;
}

// ---------- edit ----------

interface EditValues {
  name: string;
  shortName?: string;
  sector: Sector;
  divisionCode?: string;
  foundedOn?: Dayjs;
  coveredUnits?: string[];
  approvesDevelopment?: boolean;
  effectiveOn?: Dayjs;
  reason?: string;
}

export function OrgEditModal({ org, open, onClose }: ModalProps) {
  const [form] = Form.useForm<EditValues>();
  const update = useUpdateOrg(org.id);
  const { message } = App.useApp();
  const name = Form.useWatch('name', form);
  const renamed = name !== undefined && name.trim() !== org.name;

  return (
    <FormModal<EditValues>
      title="编辑党组织信息"
      open={open}
      onClose={onClose}
      form={form}
      testId="org-edit-modal"
      initialValues={{
        name: org.name,
        shortName: org.shortName ?? undefined,
        sector: org.sector,
        divisionCode: org.divisionCode ?? undefined,
        foundedOn: fromIsoDate(org.foundedOn),
        coveredUnits: org.coveredUnits,
        approvesDevelopment: org.approvesDevelopment,
      }}
      onSubmit={async (v) => {
        const body: OrgPatchBody = {};
        if (v.approvesDevelopment !== undefined && v.approvesDevelopment !== org.approvesDevelopment)
          body.approvesDevelopment = v.approvesDevelopment;
        if (v.name.trim() !== org.name) body.name = v.name.trim();
        if ((v.shortName?.trim() || null) !== org.shortName) body.shortName = v.shortName?.trim() || null;
        if (v.sector !== org.sector) body.sector = v.sector;
        if ((v.divisionCode?.trim() || null) !== org.divisionCode)
          body.divisionCode = v.divisionCode?.trim() || null;
        const founded = toIsoDate(v.foundedOn);
        if (founded && founded !== org.foundedOn) body.foundedOn = founded;
        const covered = v.coveredUnits ?? [];
        if (covered.join('\n') !== org.coveredUnits.join('\n')) body.coveredUnits = covered;
        if (Object.keys(body).length === 0) {
          message.info('没有修改任何内容');
          return;
        }
        if (v.effectiveOn) body.effectiveOn = toIsoDate(v.effectiveOn);
        if (v.reason?.trim()) body.reason = v.reason.trim();
        await update.mutateAsync(body);
        message.success('已保存');
      }}
    >
      <Form.Item
        name="name"
        label="名称"
        rules={[{ required: true, whitespace: true, message: '请填写名称' }]}
      >
        <Input maxLength={100} />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name="shortName" label="简称">
            <Input maxLength={40} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="sector" label="所属领域" rules={[{ required: true, message: '请选择所属领域' }]}>
            <Select options={sectorOptions} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="divisionCode" label="行政区划代码">
            <Input maxLength={12} placeholder="6、9或12位数字" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="foundedOn" label="成立日期">
            <DatePicker style={{ width: '100%' }} disabledDate={notFuture} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="coveredUnits" label="覆盖单位" extra="联合党支部等覆盖的单位，输入后按回车添加">
        <Select mode="tags" open={false} placeholder="输入单位名称后按回车" tokenSeparators={['，', ',']} />
      </Form.Item>
      {org.kind === 'committee' ? (
        <Form.Item
          name="approvesDevelopment"
          label="有发展党员审批权"
          valuePropName="checked"
          extra="只有具有审批权的基层党委可以审批接收和转正预备党员；党总支、乡镇（街道）所属的村、社区党委不具有审批权"
        >
          <Switch data-testid="org-approves-development" />
        </Form.Item>
      ) : null}
      {renamed ? (
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="effectiveOn" label="更名生效日期" extra="不填则为今天">
              <DatePicker style={{ width: '100%' }} disabledDate={notFuture} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="reason" label="更名原因">
              <Input maxLength={200} />
            </Form.Item>
          </Col>
        </Row>
      ) : null}
    </FormModal>
  );
}

// ---------- add a child org ----------

interface CreateValues {
  name: string;
  shortName?: string;
  kind: OrgKind;
  sector: Sector;
  divisionCode?: string;
  foundedOn: Dayjs;
  coveredUnits?: string[];
}

export function OrgCreateModal({
  parent,
  open,
  onClose,
  onCreated,
}: {
  parent: Org;
  open: boolean;
  onClose: () => void;
  onCreated: (id: number) => void;
}) {
  const [form] = Form.useForm<CreateValues>();
  const create = useCreateOrg();
  const { message } = App.useApp();
  const kinds = allowedChildKinds(parent.kind);
  const kindOptions = kinds.map((k) => ({ value: k, label: orgKindLabel(k) }));
  const defaultKind = kinds.includes('branch') ? 'branch' : kinds[0];

  return (
    <FormModal<CreateValues>
      title={`新增下级党组织（上级：${parent.name}）`}
      open={open}
      onClose={onClose}
      form={form}
      okText="创建"
      testId="org-create-modal"
      initialValues={{
        kind: defaultKind,
        sector: parent.sector,
        foundedOn: dayjs(),
        divisionCode: parent.divisionCode ?? undefined,
      }}
      onSubmit={async (v) => {
        const created = await create.mutateAsync({
          parentId: parent.id,
          name: v.name.trim(),
          shortName: v.shortName?.trim() || null,
          kind: v.kind,
          sector: v.sector,
          divisionCode: v.divisionCode?.trim() || null,
          foundedOn: toIsoDate(v.foundedOn)!,
          coveredUnits: v.coveredUnits?.length ? v.coveredUnits : undefined,
        });
        message.success('已创建');
        onCreated(created.id);
      }}
    >
      <Form.Item
        name="name"
        label="名称"
        rules={[{ required: true, whitespace: true, message: '请填写名称' }]}
      >
        <Input maxLength={100} placeholder="如：中共××社区第一支部委员会" />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name="kind" label="组织类别" rules={[{ required: true, message: '请选择组织类别' }]}>
            <Select options={kindOptions} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="sector" label="所属领域" rules={[{ required: true, message: '请选择所属领域' }]}>
            <Select options={sectorOptions} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="shortName" label="简称">
            <Input maxLength={40} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            name="foundedOn"
            label="成立日期"
            rules={[{ required: true, message: '请选择成立日期' }]}
          >
            <DatePicker style={{ width: '100%' }} disabledDate={notFuture} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="divisionCode" label="行政区划代码">
            <Input maxLength={12} placeholder="6、9或12位数字" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="coveredUnits" label="覆盖单位" extra="联合党支部等覆盖的单位，输入后按回车添加">
        <Select mode="tags" open={false} placeholder="输入单位名称后按回车" tokenSeparators={['，', ',']} />
      </Form.Item>
    </FormModal>
  );
}

// ---------- move ----------

interface MoveValues {
  parentId: number;
  effectiveOn?: Dayjs;
  reason: string;
}

export function OrgMoveModal({ org, open, onClose }: ModalProps) {
  const [form] = Form.useForm<MoveValues>();
  const move = useMoveOrg(org.id);
  const { message } = App.useApp();
  return (
    <FormModal<MoveValues>
      title={`调整隶属关系：${org.name}`}
      open={open}
      onClose={onClose}
      form={form}
      okText="调整"
      testId="org-move-modal"
      initialValues={{ effectiveOn: dayjs() }}
      onSubmit={async (v) => {
        await move.mutateAsync({
          parentId: v.parentId,
          effectiveOn: toIsoDate(v.effectiveOn),
          reason: v.reason.trim(),
        });
        message.success('隶属关系已调整');
      }}
    >
      <Form.Item
        name="parentId"
        label="新的上级党组织"
        rules={[{ required: true, message: '请选择新的上级党组织' }]}
      >
        <OrgPicker excludeIds={[org.id, ...(org.parentId ? [org.parentId] : [])]} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="effectiveOn" label="生效日期">
        <DatePicker style={{ width: '100%' }} disabledDate={notFuture} />
      </Form.Item>
      <Form.Item
        name="reason"
        label="调整原因"
        rules={[{ required: true, whitespace: true, message: '请填写调整原因' }]}
      >
        <Input.TextArea rows={3} maxLength={200} showCount />
      </Form.Item>
    </FormModal>
  );
}

// ---------- dissolve ----------

interface DissolveValues {
  dissolvedOn: Dayjs;
  reason: string;
}

export function OrgDissolveModal({ org, open, onClose }: ModalProps) {
  const [form] = Form.useForm<DissolveValues>();
  const dissolve = useDissolveOrg(org.id);
  const { message } = App.useApp();
  return (
    <FormModal<DissolveValues>
      title={`撤销党组织：${org.name}`}
      open={open}
      onClose={onClose}
      form={form}
      okText="确认撤销"
      danger
      testId="org-dissolve-modal"
      initialValues={{ dissolvedOn: dayjs() }}
      onSubmit={async (v) => {
        await dissolve.mutateAsync({ dissolvedOn: toIsoDate(v.dissolvedOn)!, reason: v.reason.trim() });
        message.success('党组织已撤销');
      }}
    >
      <p className="muted">撤销前，应先转出本组织的全部党员并撤销其下级组织。撤销后，历史记录仍予保留。</p>
      <Form.Item name="dissolvedOn" label="撤销日期" rules={[{ required: true, message: '请选择撤销日期' }]}>
        <DatePicker style={{ width: '100%' }} disabledDate={notFuture} />
      </Form.Item>
      <Form.Item
        name="reason"
        label="撤销原因"
        rules={[{ required: true, whitespace: true, message: '请填写撤销原因' }]}
      >
        <Input.TextArea rows={3} maxLength={200} showCount />
      </Form.Item>
    </FormModal>
  );
}

// ---------- term renewal (换届) ----------

interface TermValues {
  termStart: Dayjs;
  termEnd?: Dayjs;
  committee: { memberId?: number; role?: CommitteeRole }[];
}

export function TermModal({ org, open, onClose }: ModalProps) {
  const [form] = Form.useForm<TermValues>();
  const create = useCreateTerm(org.id);
  const { message } = App.useApp();
  const current = org.committee.map((c) => ({ memberId: c.memberId, role: c.role }));
  return (
    <FormModal<TermValues>
      title={`换届：${org.name}`}
      open={open}
      onClose={onClose}
      form={form}
      okText="完成换届"
      width={680}
      testId="org-term-modal"
      initialValues={{
        termStart: dayjs(),
        committee: current.length ? current : [{ role: 'secretary' }],
      }}
      onSubmit={async (v) => {
        await create.mutateAsync({
          termStart: toIsoDate(v.termStart)!,
          termEnd: toIsoDate(v.termEnd),
          committee: v.committee.map((c) => ({ memberId: c.memberId!, role: c.role! })),
        });
        message.success('换届完成');
      }}
    >
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item
            name="termStart"
            label="任期开始"
            rules={[{ required: true, message: '请选择任期开始日期' }]}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="termEnd" label="任期届满" extra="不填则按规定的任期年限计算">
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Form.List
        name="committee"
        rules={[
          {
            validator: async (_, value: unknown[]) => {
              if (!value?.length) throw new Error('至少应有1名委员');
            },
          },
        ]}
      >
        {(fields, { add, remove }, { errors }) => (
          <div>
            <div style={{ marginBottom: 8, fontWeight: 500 }}>新一届班子成员</div>
            {fields.map((field) => (
              <Space key={field.key} align="start" style={{ display: 'flex', marginBottom: 4 }} wrap>
                <Form.Item
                  name={[field.name, 'role']}
                  rules={[{ required: true, message: '请选择职务' }]}
                  style={{ marginBottom: 8 }}
                >
                  <Select options={committeeRoleOptions} placeholder="职务" style={{ width: 140 }} />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'memberId']}
                  rules={[{ required: true, message: '请选择党员' }]}
                  style={{ marginBottom: 8 }}
                >
                  <MemberPicker orgId={org.id} style={{ width: 260 }} />
                </Form.Item>
                <Button
                  type="text"
                  aria-label="移除"
                  icon={<MinusCircleOutlined />}
                  onClick={() => remove(field.name)}
                />
              </Space>
            ))}
            <Button type="dashed" onClick={() => add({})} icon={<PlusOutlined />} block>
              添加委员
            </Button>
            <Form.ErrorList errors={errors} />
          </div>
        )}
      </Form.List>
    </FormModal>
  );
}
