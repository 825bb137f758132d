import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
} from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useMe, useOrgChildren } from '../../../api/hooks';
import type { Member } from '../../../api/types';
import { applyApiErrors } from '../../../components/formErrors';
import { OrgPicker } from '../../../components/OrgPicker';
import { fromIsoDate, toIsoDate } from '../../../format';
import {
  educationOptions,
  ethnicityOptions,
  genderOptions,
  leaveReasonOptions,
  memberCategoryOptions,
  memberStatusOptions,
} from '../../../labels';

export interface MemberFormValues {
  orgId?: number;
  name: string;
  gender?: string;
  ethnicity?: string;
  birthDate?: Dayjs;
  idNumber?: string;
  phone?: string;
  education?: string;
  workUnit?: string;
  category?: string;
  status?: string;
  leaveReason?: string | null;
  leftOn?: Dayjs | null;
  joinedOn?: Dayjs;
  confirmedOn?: Dayjs | null;
  probationExtendedMonths?: number | null;
  groupId?: number | null;
}

/** The API's shape of the values (dates as YYYY-MM-DD, empty strings as null). */
export type MemberPayload = Record<string, unknown>;

export function toPayload(v: MemberFormValues): MemberPayload {
  const text = (s: string | undefined) => (s?.trim() ? s.trim() : null);
  const left = v.status === 'left';
  const full = v.category === 'full';
  return {
    orgId: v.orgId,
    name: v.name?.trim(),
    gender: v.gender,
    ethnicity: v.ethnicity,
    birthDate: toIsoDate(v.birthDate),
    idNumber: text(v.idNumber),
    phone: text(v.phone),
    education: v.education,
    workUnit: text(v.workUnit),
    category: v.category,
    status: v.status,
    leaveReason: left ? (v.leaveReason ?? null) : null,
    leftOn: left ? (toIsoDate(v.leftOn ?? undefined) ?? null) : null,
    joinedOn: toIsoDate(v.joinedOn),
    confirmedOn: full ? (toIsoDate(v.confirmedOn ?? undefined) ?? null) : null,
    probationExtendedMonths: full ? null : (v.probationExtendedMonths ?? null),
    groupId: v.groupId ?? null,
  };
}

export function valuesOf(m: Member): MemberFormValues {
  return {
    orgId: m.orgId,
    name: m.name,
    gender: m.gender,
    ethnicity: m.ethnicity,
    birthDate: fromIsoDate(m.birthDate),
    // The masked values are not form values: an empty field means "unchanged".
    idNumber: undefined,
    phone: undefined,
    education: m.education,
    workUnit: m.workUnit ?? undefined,
    category: m.category,
    status: m.status,
    leaveReason: m.leaveReason,
    leftOn: fromIsoDate(m.leftOn) ?? null,
    joinedOn: fromIsoDate(m.joinedOn),
    confirmedOn: fromIsoDate(m.confirmedOn) ?? null,
    probationExtendedMonths: m.probationExtendedMonths,
    groupId: m.groupId,
  };
}

const notFuture = (d: Dayjs) => d.isAfter(dayjs(), 'day');

/** Birth date and gender read from an 18-digit ID number, to fill a new record faster. */
function fromIdNumber(id: string): { birthDate?: Dayjs; gender?: 'male' | 'female' } {
  if (!/^\d{17}[\dXx]$/.test(id)) return {};
  const d = dayjs(`${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`, 'YYYY-MM-DD', true);
  return {
    birthDate: d.isValid() ? d : undefined,
    gender: Number(id[16]) % 2 === 1 ? 'male' : 'female',
  };
}

function GroupSelect({
  orgId,
  value,
  onChange,
}: {
  orgId?: number;
  value?: number | null;
  onChange?: (v: number | null) => void;
}) {
  const children = useOrgChildren(orgId);
  const groups = (children.data?.data ?? []).filter((o) => o.kind === 'group' && o.status === 'active');
  return (
    <Select
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      allowClear
      placeholder={groups.length ? '不分配党小组' : '本组织未设党小组'}
      disabled={!groups.length}
      loading={children.isLoading}
      options={groups.map((g) => ({ value: g.id, label: g.name }))}
    />
  );
}

export interface MemberFormProps {
  mode: 'create' | 'edit';
  member?: Member;
  initialValues: MemberFormValues;
  /** Sends the values; throws ApiError with details on validation failures. */
  onSubmit: (values: MemberFormValues) => Promise<void>;
  onCancel: () => void;
}

/**
 * The member form used to add and to edit. Validation is the API's: its `details[].field`
 * errors are shown under their fields (e.g. a wrong check digit under 身份证号).
 */
export function MemberForm({ mode, member, initialValues, onSubmit, onCancel }: MemberFormProps) {
  const [form] = Form.useForm<MemberFormValues>();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const status = Form.useWatch('status', form);
  const category = Form.useWatch('category', form);
  const orgId = Form.useWatch('orgId', form);
  const canReadOrgs = me?.permissions.includes('org.read') ?? false;
  const maxDate = useMemo(() => dayjs(), []);

  const finish = async (values: MemberFormValues) => {
    setSubmitting(true);
    setError(null);
    try {
      await onSubmit(values);
    } catch (e) {
      const rest = applyApiErrors(form, e);
      setError(rest);
      if (!rest) message.error('请按提示修改后再提交');
    } finally {
      setSubmitting(false);
    }
  };

  const sensitiveExtra = (masked: string | null | undefined) =>
    mode === 'edit' && masked ? `当前：${masked}。不修改请留空。` : undefined;

  return (
    <Form<MemberFormValues>
      form={form}
      name="member"
      layout="vertical"
      initialValues={initialValues}
      onFinish={finish}
      onFinishFailed={() => message.error('请检查标红的内容')}
      scrollToFirstError={{ block: 'center' }}
      onValuesChange={(changed: Partial<MemberFormValues>) => {
        if (mode === 'create' && typeof changed.idNumber === 'string') {
          const parsed = fromIdNumber(changed.idNumber.trim());
          const patch: Partial<MemberFormValues> = {};
          if (parsed.birthDate && !form.getFieldValue('birthDate')) patch.birthDate = parsed.birthDate;
          if (parsed.gender && !form.getFieldValue('gender')) patch.gender = parsed.gender;
          if (Object.keys(patch).length) form.setFieldsValue(patch);
        }
      }}
      data-testid="member-form"
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        {error ? <Alert type="error" showIcon title={error} data-testid="form-error" /> : null}
        <Card title="基本信息">
          <Row gutter={16}>
            {mode === 'create' ? (
              <Col xs={24} md={12} xl={8}>
                <Form.Item
                  name="orgId"
                  label="所在党组织"
                  rules={[{ required: true, message: '请选择所在党组织' }]}
                >
                  {canReadOrgs ? (
                    <OrgPicker style={{ width: '100%' }} testId="field-orgId" />
                  ) : (
                    <Input disabled />
                  )}
                </Form.Item>
              </Col>
            ) : null}
            <Col xs={24} md={12} xl={8}>
              <Form.Item
                name="name"
                label="姓名"
                rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}
              >
                <Input maxLength={30} data-testid="field-name" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={8}>
              <Form.Item
                name="idNumber"
                label="身份证号"
                extra={sensitiveExtra(member?.idNumber)}
                normalize={(v: string) => v?.toUpperCase()}
              >
                <Input
                  maxLength={18}
                  className="mono"
                  placeholder={mode === 'edit' && member?.idNumber ? '不修改请留空' : '18位居民身份证号'}
                  autoComplete="off"
                  data-testid="field-idNumber"
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} xl={4}>
              <Form.Item name="gender" label="性别" rules={[{ required: true, message: '请选择性别' }]}>
                <Select options={genderOptions} data-testid="field-gender" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} xl={4}>
              <Form.Item name="ethnicity" label="民族" rules={[{ required: true, message: '请选择民族' }]}>
                <Select
                  options={ethnicityOptions}
                  showSearch={{ optionFilterProp: 'label' }}
                  data-testid="field-ethnicity"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={8}>
              <Form.Item
                name="birthDate"
                label="出生日期"
                rules={[{ required: true, message: '请选择出生日期' }]}
              >
                <DatePicker style={{ width: '100%' }} maxDate={maxDate} data-testid="field-birthDate" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={8}>
              <Form.Item name="phone" label="联系电话" extra={sensitiveExtra(member?.phone)}>
                <Input
                  maxLength={20}
                  className="mono"
                  placeholder={mode === 'edit' && member?.phone ? '不修改请留空' : '手机号码或固定电话'}
                  autoComplete="off"
                  data-testid="field-phone"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={8}>
              <Form.Item name="education" label="学历" rules={[{ required: true, message: '请选择学历' }]}>
                <Select options={educationOptions} data-testid="field-education" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={8}>
              <Form.Item name="workUnit" label="工作单位及职务">
                <Input maxLength={100} data-testid="field-workUnit" />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card title="党籍信息">
          <Row gutter={16}>
            <Col xs={24} md={12} xl={8}>
              <Form.Item
                name="category"
                label="党员类别"
                rules={[{ required: true, message: '请选择党员类别' }]}
              >
                <Select options={memberCategoryOptions} data-testid="field-category" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={8}>
              <Form.Item
                name="joinedOn"
                label="入党日期"
                rules={[{ required: true, message: '请选择入党日期' }]}
              >
                <DatePicker style={{ width: '100%' }} disabledDate={notFuture} data-testid="field-joinedOn" />
              </Form.Item>
            </Col>
            {category === 'full' ? (
              <Col xs={24} md={12} xl={8}>
                <Form.Item name="confirmedOn" label="转正日期">
                  <DatePicker
                    style={{ width: '100%' }}
                    disabledDate={notFuture}
                    data-testid="field-confirmedOn"
                  />
                </Form.Item>
              </Col>
            ) : (
              <Col xs={24} md={12} xl={8}>
                <Form.Item name="probationExtendedMonths" label="延长预备期（月）">
                  <InputNumber min={0} max={12} style={{ width: '100%' }} placeholder="未延长" />
                </Form.Item>
              </Col>
            )}
            <Col xs={24} md={12} xl={8}>
              <Form.Item
                name="status"
                label="党员状态"
                rules={[{ required: true, message: '请选择党员状态' }]}
              >
                <Select options={memberStatusOptions} data-testid="field-status" />
              </Form.Item>
            </Col>
            {status === 'left' ? (
              <>
                <Col xs={24} md={12} xl={8}>
                  <Form.Item
                    name="leaveReason"
                    label="出党方式"
                    rules={[{ required: true, message: '请选择出党方式' }]}
                  >
                    <Select options={leaveReasonOptions} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12} xl={8}>
                  <Form.Item
                    name="leftOn"
                    label="出党日期"
                    rules={[{ required: true, message: '请选择出党日期' }]}
                  >
                    <DatePicker style={{ width: '100%' }} disabledDate={notFuture} />
                  </Form.Item>
                </Col>
              </>
            ) : null}
            {canReadOrgs ? (
              <Col xs={24} md={12} xl={8}>
                <Form.Item name="groupId" label="党小组">
                  <GroupSelect orgId={mode === 'edit' ? member?.orgId : orgId} />
                </Form.Item>
              </Col>
            ) : null}
          </Row>
        </Card>
        <div style={{ display: 'flex', gap: 8, justifyContent: 'flex-end', flexWrap: 'wrap' }}>
          <Button onClick={onCancel}>取消</Button>
          <Button type="primary" htmlType="submit" loading={submitting} data-testid="member-form-submit">
            {mode === 'create' ? '保存并登记' : '保存'}
          </Button>
        </div>
      </Space>
    </Form>
  );
}
