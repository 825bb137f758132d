import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Col, DatePicker, Form, Input, Row, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import type { CommitteeRole } from '../../../../domain/org/labels';
import { useCreateTerm, useDissolveOrg, useMoveOrg } from '../../../api/hooks';
import { FormModal } from '../../../components/FormModal';
import { MemberPicker } from '../../../components/MemberPicker';
import { OrgPicker } from '../../../components/OrgPicker';
import { toIsoDate } from '../../../format';
import { committeeRoleOptions } from '../../../labels';
import { type ModalProps, notFuture } from './orgModalProps';

// ---------- move ----------

export interface MoveValues {
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

export interface DissolveValues {
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

export interface TermValues {
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
