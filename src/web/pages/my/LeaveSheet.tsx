import { Button, ConfigProvider, Drawer, Input } from 'antd';
import zhCN from 'antd/es/locale/zh_CN';
import { useState } from 'react';
import { LEAVE_REASON_PRESETS, type MyMeetingDto } from '../../../shared/contracts/my';
import { ApiError, errorMessage } from '../../api/client';
import { useRespondToMeeting } from '../../api/my';
import { toast } from '../../components/light/toast';
import { meetingWhen } from './MeetingCard';

/**
 * The 请假 sheet: a tap on a preset reason (因公出差 / 生病 / 家中有事) fills the reason, or type
 * one; 提交 sends it. Three taps from the meeting: 请假, a reason, 提交.
 */
export default function LeaveSheet({
  m,
  open,
  onClose,
}: {
  m: MyMeetingDto;
  open: boolean;
  onClose: () => void;
}) {
  const [reason, setReason] = useState(m.response?.response === 'leave' ? (m.response.reason ?? '') : '');
  const [error, setError] = useState<string | null>(null);
  const respond = useRespondToMeeting();

  const submit = async () => {
    const text = reason.trim();
    if (!text) {
      setError('请选择或填写请假原因');
      return;
    }
    try {
      await respond.mutateAsync({ params: { id: m.id }, body: { response: 'leave', reason: text } });
      toast.success('已请假，支部书记会看到您的请假原因');
      onClose();
    } catch (e) {
      const field = e instanceof ApiError ? e.details?.find((d) => d.field === 'reason') : undefined;
      setError(field ? field.message.replace(/^请假原因：/, '') : errorMessage(e));
    }
  };

  return (
    // antd's Chinese words (the close button's 关闭): 我的首页 is outside AntAppFrame, which has them.
    <ConfigProvider locale={zhCN}>
      <Drawer
        open={open}
        onClose={onClose}
        placement="bottom"
        title="请假"
        height="auto"
        destroyOnHidden
        rootClassName="member-app my-leave-sheet"
        styles={{ body: { paddingBottom: 24 } }}
      >
        <p style={{ marginTop: 0 }}>
          {m.title}
          <br />
          <span className="muted">{meetingWhen(m)}</span>
        </p>
        <fieldset className="my-reasons" aria-label="常用原因">
          {LEAVE_REASON_PRESETS.map((r) => (
            <Button
              key={r}
              type={reason === r ? 'primary' : 'default'}
              onClick={() => {
                setReason(r);
                setError(null);
              }}
              data-testid={`leave-preset-${r}`}
            >
              {r}
            </Button>
          ))}
        </fieldset>
        <Input.TextArea
          value={reason}
          onChange={(e) => {
            setReason(e.target.value);
            setError(null);
          }}
          maxLength={100}
          showCount
          autoSize={{ minRows: 2, maxRows: 4 }}
          placeholder="其他原因，请填写"
          aria-label="请假原因"
          status={error ? 'error' : undefined}
          data-testid="leave-reason"
        />
        {error ? (
          <div role="alert" style={{ color: '#a8071a', marginTop: 4 }}>
            {error}
          </div>
        ) : null}
        <Button
          type="primary"
          block
          size="large"
          style={{ marginTop: 16 }}
          loading={respond.isPending}
          onClick={() => void submit()}
          data-testid="leave-submit"
        >
          提交请假
        </Button>
      </Drawer>
    </ConfigProvider>
  );
}
