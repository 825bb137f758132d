import { App, Form, Input, Radio } from 'antd';
import { useReviewMeeting } from '../../../../api/hooks';
import type { Meeting } from '../../../../api/types';
import { FormModal } from '../../../../components/FormModal';
import { fmtDate } from '../../../../format';

export interface ReviewValues {
  decision: 'approve' | 'return';
  comment?: string;
}

export function ReviewModal({ m, onClose }: { m: Meeting; onClose: () => void }) {
  const [form] = Form.useForm<ReviewValues>();
  const review = useReviewMeeting();
  const { message } = App.useApp();
  const decision = Form.useWatch('decision', form);
  return (
    <FormModal<ReviewValues>
      title="审核会议记录"
      open
      onClose={onClose}
      form={form}
      initialValues={{ decision: 'approve' }}
      okText={decision === 'return' ? '退回' : '审核通过'}
      danger={decision === 'return'}
      testId="meeting-review-modal"
      onSubmit={async (v) => {
        await review.mutateAsync({
          id: m.id,
          body: { decision: v.decision, comment: v.comment?.trim() || undefined },
        });
        message.success(v.decision === 'approve' ? '已审核通过' : '已退回，并通知记录人修改');
      }}
    >
      <p>
        <b>{m.title}</b>
        <br />
        <span className="muted small">
          {m.orgName} · {fmtDate(m.heldOn)}
        </span>
      </p>
      <Form.Item name="decision" label="审核结论">
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={[
            { value: 'approve', label: '通过' },
            { value: 'return', label: '退回修改' },
          ]}
          data-testid="review-decision"
        />
      </Form.Item>
      <Form.Item
        name="comment"
        label="审核意见"
        rules={
          decision === 'return'
            ? [{ required: true, whitespace: true, message: '退回时请写明需要修改的内容' }]
            : []
        }
      >
        <Input.TextArea
          rows={3}
          maxLength={500}
          showCount
          placeholder={decision === 'return' ? '请写明需要修改或补充的内容' : '可选'}
          data-testid="review-comment"
        />
      </Form.Item>
    </FormModal>
  );
}
