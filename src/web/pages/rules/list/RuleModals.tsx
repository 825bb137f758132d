import { App, DatePicker, Descriptions, Form, Input, InputNumber, Select, Switch } from 'antd';
import type { Dayjs } from 'dayjs';
import type { ErrorBody } from '../../../../shared/contracts/error-codes';
import { ApiError } from '../../../api/client';
import { useOverrideRule, useResetRule } from '../../../api/hooks';
import type { Rule, RuleSchema } from '../../../api/types';
import { FormModal } from '../../../components/FormModal';
import { ruleUnitLabel } from '../../../labels';
import { fmtRuleRange, fmtRuleValue, ruleKeyLabel, ruleSchema } from '../ruleValue';

type Ordered = Record<string, number | undefined>;

/** One InputNumber per key of an ordered rule (`{min, max, hardMax}`), as one form control. */
function OrderedInput({
  value,
  onChange,
  keys,
  min,
  max,
  unit,
  id,
}: {
  value?: Ordered;
  onChange?: (v: Ordered) => void;
  keys: readonly string[];
  min: number;
  max?: number;
  unit: string;
  id?: string;
}) {
  return (
    <div className="ordered-input" id={id}>
      {keys.map((k, i) => (
        <div key={k} className="ordered-input-part">
          <span className="muted small">{ruleKeyLabel(k, i)}</span>
          <InputNumber
            value={value?.[k]}
            min={min}
            max={max}
            precision={0}
            suffix={unit || undefined}
            onChange={(n) => onChange?.({ ...value, [k]: n ?? undefined })}
            style={{ width: 120 }}
            aria-label={ruleKeyLabel(k, i)}
            data-testid={`rule-value-${k}`}
          />
        </div>
      ))}
    </div>
  );
}

function orderedProblem(schema: Extract<RuleSchema, { type: 'ordered' }>, v: Ordered | undefined) {
  const values = schema.keys.map((k) => v?.[k]);
  const missing = values.findIndex((n) => typeof n !== 'number');
  if (missing >= 0) return `请填写${ruleKeyLabel(schema.keys[missing]!, missing)}`;
  for (let i = 1; i < values.length; i++) {
    if ((values[i] as number) < (values[i - 1] as number)) {
      return `${ruleKeyLabel(schema.keys[i - 1]!, i - 1)}不能大于${ruleKeyLabel(schema.keys[i]!, i)}`;
    }
  }
  return null;
}

/** The editor for a rule's value, generated from its schema. */
function ValueField({ rule, schema }: { rule: Rule; schema: RuleSchema }) {
  const unit = ruleUnitLabel(rule.unit);
  const range = fmtRuleRange(schema, rule.unit);
  if (schema.type === 'boolean') {
    return (
      <Form.Item name="value" label="新的取值" valuePropName="checked">
        <Switch checkedChildren="是" unCheckedChildren="否" data-testid="rule-value" />
      </Form.Item>
    );
  }
  if (schema.type === 'integer' && schema.allowed?.length) {
    return (
      <Form.Item name="value" label="新的取值" rules={[{ required: true, message: '请选择新的取值' }]}>
        <Select
          options={schema.allowed.map((v) => ({ value: v, label: `${v}${unit}` }))}
          style={{ width: 160 }}
          data-testid="rule-value"
        />
      </Form.Item>
    );
  }
  if (schema.type === 'integer') {
    return (
      <Form.Item
        name="value"
        label="新的取值"
        extra={range ? `取值范围：${range}` : undefined}
        rules={[{ required: true, message: '请填写新的取值' }]}
      >
        <InputNumber
          min={schema.min}
          max={schema.max}
          precision={0}
          suffix={unit || undefined}
          style={{ width: 160 }}
          data-testid="rule-value"
        />
      </Form.Item>
    );
  }
  return (
    <Form.Item
      name="value"
      label="新的取值"
      required
      extra={range ? `取值范围：${range}` : undefined}
      rules={[
        {
          validator: async (_, v: Ordered | undefined) => {
            const problem = orderedProblem(schema, v);
            if (problem) throw new Error(problem);
          },
        },
      ]}
    >
      <OrderedInput keys={schema.keys} min={schema.min} max={schema.max} unit={unit} />
    </Form.Item>
  );
}

const reasonRules = (label: string) => [
  { required: true, whitespace: true, message: `请填写${label}` },
  {
    validator: async (_: unknown, v: string | undefined) => {
      if (v?.trim() && v.trim().length < 4) throw new Error(`${label}至少4个字`);
    },
  },
];

/**
 * The server names the rule in its value errors (`规则“term.x”（标题）的取值无效：…`); under the
 * field the rule is already known, so only the problem is kept.
 */
function tidyRuleError(error: unknown): unknown {
  if (!(error instanceof ApiError) || !error.details.length) return error;
  const strip = (m: string) => m.replace(/^规则“[^”]*”（[^）]*）的/, '');
  return new ApiError(error.status, {
    code: error.code as ErrorBody['code'],
    message: strip(error.message),
    details: error.details.map((d) => ({ ...d, message: strip(d.message) })),
    requestId: error.requestId,
  });
}

function RuleSummary({ rule }: { rule: Rule }) {
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      style={{ marginBottom: 16 }}
      styles={{ label: { width: 92, whiteSpace: 'nowrap' } }}
      items={[
        { key: 'title', label: '规则', children: rule.title },
        { key: 'value', label: '现行取值', children: fmtRuleValue(rule.value, rule.unit) },
        { key: 'default', label: '默认取值', children: fmtRuleValue(rule.defaultValue, rule.unit) },
        ...(rule.history.length
          ? [
              {
                key: 'history',
                label: '取值沿革',
                children: (
                  <span className="small">
                    {rule.history
                      .map((v) =>
                        v.from === '0001-01-01'
                          ? `此前：${fmtRuleValue(v.value, rule.unit)}`
                          : `${v.from}起：${fmtRuleValue(v.value, rule.unit)}`,
                      )
                      .join('；')}
                  </span>
                ),
              },
            ]
          : []),
        {
          key: 'citation',
          label: '依据',
          children: <span className="small">{rule.citation}</span>,
        },
      ]}
    />
  );
}

interface EditValues {
  value: unknown;
  reason: string;
  effectiveFrom?: Dayjs | null;
}

/** 修改: a new value for a configurable rule, with the reason (audited). */
export function RuleEditModal({ rule, onClose }: { rule: Rule; onClose: () => void }) {
  const [form] = Form.useForm<EditValues>();
  const override = useOverrideRule();
  const { message } = App.useApp();
  const schema = ruleSchema(rule.schema);
  return (
    <FormModal<EditValues>
      title="修改规则取值"
      open
      onClose={onClose}
      form={form}
      okText="保存修改"
      testId="rule-edit-modal"
      initialValues={{
        value:
          rule.value && typeof rule.value === 'object'
            ? { ...(rule.value as object) }
            : (rule.value as never),
      }}
      onSubmit={async (v) => {
        try {
          await override.mutateAsync({
            params: { id: rule.id },
            body: {
              value: v.value,
              reason: v.reason.trim(),
              effectiveFrom: v.effectiveFrom ? v.effectiveFrom.format('YYYY-MM-DD') : undefined,
            },
          });
        } catch (e) {
          throw tidyRuleError(e);
        }
        message.success('规则已修改，即时生效');
      }}
    >
      <RuleSummary rule={rule} />
      {schema ? (
        <ValueField rule={rule} schema={schema} />
      ) : (
        <p className="muted">此规则的取值格式无法在此编辑。</p>
      )}
      {rule.id.startsWith('orglife.') && (
        <Form.Item
          name="effectiveFrom"
          label="生效日期"
          extra="填写后，此日期以前开始的考核周期仍按原取值评判（政策调整）；不填则所有周期（含以往）均按新取值评判（更正）。"
        >
          <DatePicker style={{ width: '100%' }} data-testid="rule-effective-from" />
        </Form.Item>
      )}
      <Form.Item
        name="reason"
        label="修改依据"
        rules={reasonRules('修改依据')}
        extra="如上级党组织的文件名称和文号。修改记入审计日志。"
      >
        <Input.TextArea rows={3} maxLength={200} data-testid="rule-reason" />
      </Form.Item>
    </FormModal>
  );
}

/** 恢复默认: drops the local value, with the reason (audited). */
export function RuleResetModal({ rule, onClose }: { rule: Rule; onClose: () => void }) {
  const [form] = Form.useForm<{ reason: string }>();
  const reset = useResetRule();
  const { message } = App.useApp();
  return (
    <FormModal<{ reason: string }>
      title="恢复默认取值"
      open
      onClose={onClose}
      form={form}
      okText="恢复默认"
      testId="rule-reset-modal"
      onSubmit={async (v) => {
        await reset.mutateAsync({ params: { id: rule.id }, body: { reason: v.reason.trim() } });
        message.success('已恢复默认取值');
      }}
    >
      <RuleSummary rule={rule} />
      <Form.Item name="reason" label="恢复依据" rules={reasonRules('恢复依据')} extra="恢复记入审计日志。">
        <Input.TextArea rows={3} maxLength={200} data-testid="rule-reason" />
      </Form.Item>
    </FormModal>
  );
}
