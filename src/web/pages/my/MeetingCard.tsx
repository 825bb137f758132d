import { App, Button, Drawer, Input, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { LEAVE_REASON_PRESETS, type MyMeetingDto } from '../../../shared/contracts/my';
import { ApiError, errorMessage } from '../../api/client';
import { useRespondToMeeting, useWithdrawResponse } from '../../api/my';

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

/** 11月30日（周一）19:00–21:00: the meeting day in Asia/Shanghai, as the server gives it. */
export function meetingWhen(m: Pick<MyMeetingDto, 'heldOn' | 'startTime' | 'endTime'>): string {
  const [y, mo, d] = m.heldOn.split('-').map(Number);
  const weekday = WEEKDAYS[new Date(Date.UTC(y, mo - 1, d)).getUTCDay()];
  return `${mo}月${d}日（周${weekday}）${m.startTime}${m.endTime ? `–${m.endTime}` : ''}`;
}

const ATTENDANCE_TEXT = { present: '出席', excused: '请假', absent: '缺席' } as const;

/** What the member answered, in words, on a coloured band. */
function ResponseBand({ m }: { m: MyMeetingDto }) {
  if (!m.response) return null;
  const leave = m.response.response === 'leave';
  return (
    <div className={leave ? 'my-response leave' : 'my-response'} data-testid={`my-response-${m.id}`}>
      {leave ? `已请假：${m.response.reason ?? ''}` : '已回执：参加'}
    </div>
  );
}

/**
 * The 请假 sheet: a tap on a preset reason (因公出差 / 生病 / 家中有事) fills the reason, or type
 * one; 提交 sends it. Three taps from the meeting: 请假, a reason, 提交.
 */
function LeaveSheet({ m, open, onClose }: { m: MyMeetingDto; open: boolean; onClose: () => void }) {
  const [reason, setReason] = useState(m.response?.response === 'leave' ? (m.response.reason ?? '') : '');
  const [error, setError] = useState<string | null>(null);
  const respond = useRespondToMeeting();
  const { message } = App.useApp();

  const submit = async () => {
    const text = reason.trim();
    if (!text) {
      setError('请选择或填写请假原因');
      return;
    }
    try {
      await respond.mutateAsync({ params: { id: m.id }, body: { response: 'leave', reason: text } });
      message.success('已请假，支部书记会看到您的请假原因');
      onClose();
    } catch (e) {
      const field = e instanceof ApiError ? e.details?.find((d) => d.field === 'reason') : undefined;
      setError(field ? field.message.replace(/^请假原因：/, '') : errorMessage(e));
    }
  };

  return (
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
  );
}

/** 参加 / 请假 and withdrawing either, for a meeting not yet started. */
export function MeetingActions({ m }: { m: MyMeetingDto }) {
  const [leaveOpen, setLeaveOpen] = useState(false);
  const respond = useRespondToMeeting();
  const withdraw = useWithdrawResponse();
  const { message } = App.useApp();
  if (!m.canRespond) return null;

  const attend = async () => {
    try {
      await respond.mutateAsync({ params: { id: m.id }, body: { response: 'attend' } });
      message.success('已回执参加');
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const undo = async () => {
    try {
      await withdraw.mutateAsync({ params: { id: m.id } });
      message.success(m.response?.response === 'leave' ? '已撤回请假' : '已撤回回执');
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  return (
    <>
      {m.response ? (
        <div className="my-actions">
          {m.response.response === 'leave' ? (
            <Button onClick={() => void attend()} loading={respond.isPending} data-testid={`attend-${m.id}`}>
              改为参加
            </Button>
          ) : (
            <Button onClick={() => setLeaveOpen(true)} data-testid={`leave-${m.id}`}>
              改为请假
            </Button>
          )}
          <Button onClick={() => void undo()} loading={withdraw.isPending} data-testid={`withdraw-${m.id}`}>
            撤回
          </Button>
        </div>
      ) : (
        <div className="my-actions">
          <Button
            type="primary"
            onClick={() => void attend()}
            loading={respond.isPending}
            data-testid={`attend-${m.id}`}
          >
            参加
          </Button>
          <Button onClick={() => setLeaveOpen(true)} data-testid={`leave-${m.id}`}>
            请假
          </Button>
        </div>
      )}
      <LeaveSheet m={m} open={leaveOpen} onClose={() => setLeaveOpen(false)} />
    </>
  );
}

/** One meeting: kind, title, time, place, agenda (clamped in lists), the answer and the buttons. */
export function MeetingCard({ m, full = false }: { m: MyMeetingDto; full?: boolean }) {
  return (
    <div className="my-meeting" data-testid={`my-meeting-${m.id}`}>
      <div>
        <Tag color="red">{m.kindLabel}</Tag>
        {m.groupName ? <Tag>{m.groupName}</Tag> : null}
      </div>
      <div className="my-meeting-title">
        {full ? m.title : <Link to={`/my/meetings/${m.id}`}>{m.title}</Link>}
      </div>
      <div className="my-meeting-line">
        <span className="label">时间</span>
        <span>{meetingWhen(m)}</span>
      </div>
      {m.topic ? (
        <div className="my-meeting-line">
          <span className="label">主题</span>
          <span>{m.topic}</span>
        </div>
      ) : null}
      {m.lecturerName ? (
        <div className="my-meeting-line">
          <span className="label">主讲</span>
          <span>{m.lecturerName}</span>
        </div>
      ) : null}
      <div className="my-meeting-line">
        <span className="label">地点</span>
        <span>{m.place || '待通知'}</span>
      </div>
      {m.agenda ? (
        <div className="my-meeting-line">
          <span className="label">议程</span>
          <p className={full ? 'my-agenda' : 'my-agenda clamped'}>{m.agenda}</p>
        </div>
      ) : null}
      {!m.canRespond && m.attendance ? (
        <div className="my-meeting-line">
          <span className="label">出勤</span>
          <span>{ATTENDANCE_TEXT[m.attendance]}</span>
        </div>
      ) : null}
      <ResponseBand m={m} />
      <MeetingActions m={m} />
    </div>
  );
}
