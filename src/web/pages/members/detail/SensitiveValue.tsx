import { EyeInvisibleOutlined, EyeOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Modal, Space, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { FIELD_LABELS } from '../../../../shared/contracts/common';
import { useRevealMember } from '../../../api/hooks';
import type { Member } from '../../../api/types';
import { applyApiErrors } from '../../../components/formErrors';

export type SensitiveField = 'idNumber' | 'phone';

export function RevealModal({
  member,
  field,
  onClose,
  onRevealed,
}: {
  member: Member;
  field: SensitiveField | null;
  onClose: () => void;
  onRevealed: (values: Partial<Record<SensitiveField, string | null>>) => void;
}) {
  const [form] = Form.useForm<{ reason: string }>();
  const reveal = useRevealMember(member.id);
  const [error, setError] = useState<string | null>(null);
  const label = field ? FIELD_LABELS[field] : '';

  const submit = async () => {
    let values: { reason: string };
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setError(null);
    try {
      const result = await reveal.mutateAsync({
        reason: values.reason.trim(),
        fields: field ? [field] : undefined,
      });
      if (field) onRevealed({ [field]: result[field] ?? null });
      onClose();
    } catch (e) {
      setError(applyApiErrors(form, e));
    }
  };

  return (
    <Modal
      title={`查看${label}`}
      open={field !== null}
      onCancel={onClose}
      onOk={submit}
      okText="查看"
      cancelText="取消"
      confirmLoading={reveal.isPending}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'reveal-ok' }}
      data-testid="reveal-modal"
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title="敏感个人信息"
        description={`${label}属于敏感个人信息。查看将记入审计日志（查看人、时间、原因），请如实填写查看原因。`}
      />
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical">
        <Form.Item
          name="reason"
          label="查看原因"
          rules={[
            { required: true, whitespace: true, message: '请填写查看原因' },
            { min: 4, message: '查看原因至少4个字' },
          ]}
        >
          <Input.TextArea
            rows={3}
            maxLength={200}
            showCount
            placeholder="如：办理组织关系转接，需核对身份证号"
            data-testid="reveal-reason"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function SensitiveValue({
  masked,
  revealed,
  canReveal,
  onReveal,
  onHide,
  testId,
}: {
  masked: string | null;
  revealed: string | null | undefined;
  canReveal: boolean;
  onReveal: () => void;
  onHide: () => void;
  testId: string;
}) {
  if (revealed !== undefined) {
    return (
      <Space size={4} wrap>
        <span className="mono" data-testid={`${testId}-revealed`}>
          {revealed ?? '—'}
        </span>
        <Tag color="orange">已留痕</Tag>
        <Button size="small" type="link" icon={<EyeInvisibleOutlined />} onClick={onHide}>
          隐藏
        </Button>
      </Space>
    );
  }
  return (
    <Space size={4} wrap>
      <span className="mono" data-testid={testId}>
        {masked ?? '—'}
      </span>
      {canReveal && masked ? (
        <Tooltip title="查看完整信息（需填写原因，记入审计日志）">
          <Button
            size="small"
            type="link"
            icon={<EyeOutlined />}
            onClick={onReveal}
            data-testid={`${testId}-reveal`}
          >
            查看
          </Button>
        </Tooltip>
      ) : null}
    </Space>
  );
}
