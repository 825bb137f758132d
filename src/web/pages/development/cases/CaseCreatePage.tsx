import { App, Button, Card, Col, DatePicker, Descriptions, Form, Input, Row, Select, Space, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { z } from 'zod';
import { addMonths, ageOn } from '../../../../domain/common/dates';
import { parseIdNumber } from '../../../../domain/member/id-number';
import type { FindingDto } from '../../../../shared/contracts/development';
import { type CaseCreateBody, useCreateCase } from '../../../api/development';
import { useRules } from '../../../api/hooks';
import { OrgPicker } from '../../../components/OrgPicker';
import { PageHeader } from '../../../components/PageHeader';
import { todayIso, toIsoDate } from '../../../format';
import { param, useUrlFilters } from '../../../hooks/useUrlFilters';
import { educationOptions, ethnicityOptions, genderOptions } from '../../../labels';
import { isBranch } from '../../orglife/orglife';
import { ruleCitation, VERSION_COLORS, versionLabel } from '../development';
import { applyFindings, FindingsAlert } from '../Findings';

interface Values {
  orgId?: number;
  name: string;
  gender?: string;
  idNumber: string;
  phone?: string;
  ethnicity?: string;
  education?: string;
  workUnit?: string;
  appliedOn?: Dayjs;
  note?: string;
}

const MIN_AGE_CITATION = ruleCitation('member.minJoinAge') ?? '《中国共产党章程》第一条';

/** What the ID number says (birth date, age on the application day), or why it cannot be read. */
function readId(idNumber: string | undefined, appliedOn: string) {
  if (!idNumber || idNumber.trim().length < 18) return null;
  const p = parseIdNumber(idNumber);
  if (!p.ok) return { ok: false as const, message: `身份证号${p.message}` };
  const age = ageOn(p.birthDate, appliedOn);
  const adultOn = addMonths(p.birthDate, 18 * 12);
  return { ok: true as const, birthDate: p.birthDate, gender: p.gender, age, adultOn };
}

const prefillSchema = z.object({ orgId: param.int() });

/**
 * 新建入党申请 (`/development/cases/new?orgId=`): opens a case with step 1, 递交入党申请书. The
 * ID number gives the birth date: an applicant under 18 on the application day is refused here
 * already (the server checks again).
 */
export default function CaseCreatePage() {
  const { filters } = useUrlFilters(prefillSchema);
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateCase();
  const rules = useRules();
  const [error, setError] = useState<unknown>(null);
  const [findings, setFindings] = useState<FindingDto[]>([]);
  const orgParam = filters.orgId;
  const initial = useMemo<Partial<Values>>(
    () => ({
      orgId: orgParam,
      ethnicity: '01',
      appliedOn: dayjs(),
    }),
    [orgParam],
  );

  const idNumber = Form.useWatch('idNumber', form);
  const appliedOnValue = Form.useWatch('appliedOn', form);
  const appliedOn = toIsoDate(appliedOnValue) ?? todayIso();
  const id = readId(idNumber, appliedOn);
  const version = String(rules.data?.find((r) => r.id === 'development.version')?.value ?? '2026');

  const submit = async (v: Values) => {
    setError(null);
    setFindings([]);
    const text = (s: string | undefined) => (s?.trim() ? s.trim() : undefined);
    const body: CaseCreateBody = {
      orgId: v.orgId!,
      name: v.name.trim(),
      gender: v.gender as CaseCreateBody['gender'],
      idNumber: v.idNumber.trim().toUpperCase(),
      phone: text(v.phone),
      ethnicity: v.ethnicity ?? '',
      education: v.education ?? '',
      workUnit: text(v.workUnit),
      appliedOn: toIsoDate(v.appliedOn)!,
      note: text(v.note),
    };
    try {
      const created = await create.mutateAsync(body);
      message.success('已登记入党申请');
      navigate(`/development/cases/${created.id}`, { replace: true });
    } catch (e) {
      setError(e);
      setFindings(applyFindings(form, e));
    }
  };

  return (
    <div className="page">
      <PageHeader
        title="新建入党申请"
        subtitle="登记入党申请人的基本情况和递交入党申请书的日期（第1步）。身份证号只用于核对年龄，保存后脱敏显示。"
      />
      <Card style={{ maxWidth: 920 }}>
        <FindingsAlert error={error} findings={findings} />
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={initial}
          onFinish={submit}
          onValuesChange={(changed) => {
            // The ID number says the gender: fill it in when it was left empty.
            if ('idNumber' in changed) {
              const p = changed.idNumber ? parseIdNumber(String(changed.idNumber)) : null;
              if (p?.ok && !form.getFieldValue('gender')) form.setFieldValue('gender', p.gender);
            }
          }}
          data-testid="case-form"
        >
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item
                name="orgId"
                label="申请加入的党支部"
                rules={[{ required: true, message: '请选择党支部' }]}
                extra="入党申请人向工作、学习所在单位的党支部提出申请"
              >
                <OrgPicker
                  filter={(o) => isBranch(o.kind)}
                  placeholder="输入名称或拼音搜索党支部"
                  testId="case-org"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="appliedOn"
                label="递交入党申请书日期"
                rules={[{ required: true, message: '请选择日期' }]}
              >
                <DatePicker
                  style={{ width: '100%' }}
                  disabledDate={(d) => d.isAfter(dayjs(), 'day')}
                  data-testid="case-appliedOn"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="name"
                label="姓名"
                rules={[
                  { required: true, message: '请填写姓名' },
                  { min: 2, message: '至少2个字' },
                  { max: 30, message: '最多30个字' },
                ]}
              >
                <Input maxLength={30} data-testid="case-name" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="idNumber"
                label="公民身份号码"
                validateFirst
                rules={[
                  { required: true, message: '请填写身份证号' },
                  {
                    validator: async (_, value: string) => {
                      const r = readId(value, toIsoDate(form.getFieldValue('appliedOn')) ?? todayIso());
                      if (!value || value.trim().length < 18) throw new Error('身份证号应为18位');
                      if (r && !r.ok) throw new Error(r.message);
                      if (r?.ok && r.age < 18) {
                        throw new Error(
                          `须在 ${r.adultOn}（含）之后：年满18周岁方可申请入党（${MIN_AGE_CITATION}）`,
                        );
                      }
                    },
                  },
                ]}
                extra={
                  id?.ok ? (
                    <span data-testid="case-id-read">
                      出生日期 {id.birthDate}，递交申请时 {id.age} 周岁
                      {id.age >= 18 ? '' : `，${id.adultOn} 年满18周岁`}
                    </span>
                  ) : undefined
                }
              >
                <Input maxLength={18} className="mono" data-testid="case-idNumber" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="gender" label="性别" rules={[{ required: true, message: '请选择性别' }]}>
                <Select options={genderOptions} data-testid="case-gender" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="ethnicity" label="民族" rules={[{ required: true, message: '请选择民族' }]}>
                <Select
                  options={ethnicityOptions}
                  showSearch={{ optionFilterProp: 'label' }}
                  data-testid="case-ethnicity"
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="education" label="学历" rules={[{ required: true, message: '请选择学历' }]}>
                <Select options={educationOptions} data-testid="case-education" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="phone" label="联系电话" rules={[{ max: 20, message: '最多20位' }]}>
                <Input maxLength={20} data-testid="case-phone" />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item
                name="workUnit"
                label="工作单位及职务（学校）"
                rules={[{ max: 100, message: '最多100个字' }]}
              >
                <Input maxLength={100} data-testid="case-workUnit" />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="note" label="备注">
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
            </Col>
          </Row>
          <Descriptions
            size="small"
            column={1}
            style={{ marginBottom: 16 }}
            items={[
              {
                key: 'version',
                label: '适用细则',
                children: (
                  <Space size={6} wrap>
                    <Tag color={VERSION_COLORS[version]} data-testid="case-version">
                      {versionLabel(version)}
                    </Tag>
                    <span className="muted small">
                      新立案件按本系统设置的版本办理，立案后不再改变
                      {version === '2026'
                        ? '（2026年修订：确定发展对象须经上级党委同意并公示不少于五个工作日）'
                        : ''}
                    </span>
                  </Space>
                ),
              },
            ]}
          />
          <Space>
            <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="case-submit">
              登记申请
            </Button>
            <Button onClick={() => navigate(-1)}>取消</Button>
          </Space>
        </Form>
      </Card>
    </div>
  );
}
