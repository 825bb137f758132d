import { Alert, App, Form, Input } from 'antd';
import { useGrantExemption } from '../../../api/hooks';
import type { ComplianceItem } from '../../../api/types';
import { FormModal } from '../../../components/FormModal';
import { meetingKindLabel } from '../orglife';

export function ExemptModal({ item, onClose }: { item: ComplianceItem; onClose: () => void }) {
  const [form] = Form.useForm<{ reason: string }>();
  const grant = useGrantExemption();
  const { message } = App.useApp();
  return (
    <FormModal<{ reason: string }>
      title="免于考核"
      open
      onClose={onClose}
      form={form}
      okText="确认免于考核"
      testId="exempt-modal"
      onSubmit={async (v) => {
        await grant.mutateAsync({
          orgId: item.orgId,
          body: { ruleId: item.ruleId, periodKey: item.periodKey, reason: v.reason.trim() },
        });
        message.success('已免于考核');
      }}
    >
      <p>
        <b>{item.orgName}</b>：{item.periodLabel}
        {meetingKindLabel(item.meetingKind)}
        {item.subjectName ? `（${item.subjectName}）` : ''}
      </p>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title="免于考核由上级党组织决定，如该支部因特殊情况（新成立、撤并、疫情等）确实无法按期召开。免考记录可撤销。"
      />
      <Form.Item
        name="reason"
        label="理由"
        rules={[{ required: true, whitespace: true, message: '请写明免于考核的理由' }]}
      >
        <Input.TextArea rows={3} maxLength={200} showCount data-testid="exempt-reason" />
      </Form.Item>
    </FormModal>
  );
}
