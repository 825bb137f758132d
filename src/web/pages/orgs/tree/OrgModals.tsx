import { App, Col, DatePicker, Form, Input, Row, Select, Switch } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { allowedChildKinds, type OrgKind, type Sector } from '../../../../domain/org/labels';
import { useCreateOrg, useUpdateOrg } from '../../../api/hooks';
import type { Org, OrgPatchBody } from '../../../api/types';
import { FormModal } from '../../../components/FormModal';
import { fromIsoDate, toIsoDate } from '../../../format';
import { orgKindLabel, sectorOptions } from '../../../labels';
import { type ModalProps, notFuture } from './orgModalProps';

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
