import { Alert, App, DatePicker, Form, Input, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { LAPSE_DECISION_LABELS, LAPSE_DECISIONS, type LapseDecision, yuan } from '../../../../domain/dues';
import { type ArrearsRow, useLapseDecision } from '../../../api/dues';
import { FormModal } from '../../../components/FormModal';
import { fmtDate, toIsoDate } from '../../../format';
import { monthRangeText } from '../common';

export interface DecisionValues {
  decision?: LapseDecision;
  decidedOn: Dayjs;
  deadlineOn?: Dayjs;
  note: string;
}

export type Run = NonNullable<ArrearsRow['openRun']>;

/** When the warning of a run went out, as the branch reads it. */
export function warnedText(run: Run, warning: Run | undefined): string {
  const at = warning?.memberNotifiedAt ?? (run.level === 'warning' ? run.memberNotifiedAt : null);
  return at ? `已于${fmtDate(at.slice(0, 10))}提醒本人` : '系统未记录向本人发出的提醒';
}

/** The run's months, how long and what they were owed: "2026年5—10月，连续6个月，应交240.00元". */
export const runText = (run: Run) =>
  `${monthRangeText(run.firstMonth, run.lastMonth)}，连续${run.months}个月，应交${yuan(run.expectedFen)}元`;

export function DecisionModal({ row, run, onClose }: { row: ArrearsRow; run: Run; onClose: () => void }) {
  const [form] = Form.useForm<DecisionValues>();
  const decide = useLapseDecision();
  const { message } = App.useApp();
  const decision = Form.useWatch('decision', form);
  return (
    <FormModal<DecisionValues>
      title={`记录党支部决定：${row.memberName}`}
      open
      onClose={onClose}
      form={form}
      testId="decision-form"
      initialValues={{ decidedOn: dayjs() }}
      onSubmit={async (v) => {
        const res = await decide.mutateAsync({
          runId: run.id,
          decision: v.decision!,
          decidedOn: toIsoDate(v.decidedOn)!,
          deadlineOn: v.decision === 'deadline_set' ? toIsoDate(v.deadlineOn) : undefined,
          note: v.note.trim(),
        });
        message.success(res?.message || '已记录党支部的决定');
      }}
    >
      <Alert
        type={run.level === 'lapse' ? 'error' : 'info'}
        showIcon
        style={{ marginBottom: 16 }}
        title={`${runText(run)}${run.ongoing ? '，至今未交' : ''}。`}
        description={
          <div className="small" data-testid="decision-run">
            {run.level === 'lapse'
              ? '达到党章第九条“连续六个月不交纳党费”的情形，须由党支部研究决定。'
              : '应批评教育、限期改正（党费规定第十三条）。'}
            {warnedText(
              run,
              row.runs.find((r) => r.level === 'warning' && r.firstMonth <= run.firstMonth),
            )}
            。 目前欠交 {yuan(row.arrearsFen)} 元。
          </div>
        }
      />
      <Form.Item
        name="decision"
        label="党支部决定"
        rules={[{ required: true, message: '请选择党支部的决定' }]}
      >
        <Select
          options={LAPSE_DECISIONS.filter((d) => run.level === 'lapse' || d === 'deadline_set').map((d) => ({
            value: d,
            label: LAPSE_DECISION_LABELS[d],
          }))}
          data-testid="decision-kind"
        />
      </Form.Item>
      <div className="form-row-2">
        <Form.Item name="decidedOn" label="决定日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        {decision === 'deadline_set' ? (
          <Form.Item name="deadlineOn" label="限期改正至" rules={[{ required: true, message: '请选择期限' }]}>
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
          </Form.Item>
        ) : null}
      </div>
      <Form.Item
        name="note"
        label="决定说明"
        rules={[
          { required: true, whitespace: true, message: '请填写决定说明' },
          { min: 4, message: '至少4个字' },
        ]}
        extra="如：支部委员会会议研究情况、谈话情况、正当理由等"
      >
        <Input.TextArea rows={3} maxLength={2000} data-testid="decision-note" />
      </Form.Item>
    </FormModal>
  );
}
