import { lazy, Suspense, useState } from 'react';
import { Link } from 'react-router';
import type { MyMeetingDto } from '../../../shared/contracts/my';
import { errorMessage } from '../../api/client';
import { useRespondToMeeting, useWithdrawResponse } from '../../api/my';
import { LightButton } from '../../components/light/Light';
import { toast } from '../../components/light/toast';

// The 请假 sheet (antd's Drawer and TextArea) loads when first opened, not with the member's home
// page (issue #19: the member's first JS under 200 KB).
const LeaveSheet = lazy(() => import('./LeaveSheet'));

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

/** 参加 / 请假 and withdrawing either, for a meeting not yet started. */
export function MeetingActions({ m }: { m: MyMeetingDto }) {
  const [leaveOpen, setLeaveOpen] = useState(false);
  // Once opened the sheet stays mounted, so that it closes with its animation.
  const [leaveLoaded, setLeaveLoaded] = useState(false);
  const respond = useRespondToMeeting();
  const withdraw = useWithdrawResponse();
  const openLeave = () => {
    setLeaveLoaded(true);
    setLeaveOpen(true);
  };
  if (!m.canRespond) return null;

  const attend = async () => {
    try {
      await respond.mutateAsync({ params: { id: m.id }, body: { response: 'attend' } });
      toast.success('已回执参加');
    } catch (e) {
      toast.error(errorMessage(e));
    }
  };
  const undo = async () => {
    try {
      await withdraw.mutateAsync({ params: { id: m.id } });
      toast.success(m.response?.response === 'leave' ? '已撤回请假' : '已撤回回执');
    } catch (e) {
      toast.error(errorMessage(e));
    }
  };

  return (
    <>
      {m.response ? (
        <div className="my-actions">
          {m.response.response === 'leave' ? (
            <LightButton
              onClick={() => void attend()}
              loading={respond.isPending}
              data-testid={`attend-${m.id}`}
            >
              改为参加
            </LightButton>
          ) : (
            <LightButton onClick={openLeave} data-testid={`leave-${m.id}`}>
              改为请假
            </LightButton>
          )}
          <LightButton
            onClick={() => void undo()}
            loading={withdraw.isPending}
            data-testid={`withdraw-${m.id}`}
          >
            撤回
          </LightButton>
        </div>
      ) : (
        <div className="my-actions">
          <LightButton
            primary
            onClick={() => void attend()}
            loading={respond.isPending}
            data-testid={`attend-${m.id}`}
          >
            参加
          </LightButton>
          <LightButton onClick={openLeave} data-testid={`leave-${m.id}`}>
            请假
          </LightButton>
        </div>
      )}
      {leaveLoaded ? (
        <Suspense fallback={null}>
          <LeaveSheet m={m} open={leaveOpen} onClose={() => setLeaveOpen(false)} />
        </Suspense>
      ) : null}
    </>
  );
}

/** One meeting: kind, title, time, place, agenda (clamped in lists), the answer and the buttons. */
export function MeetingCard({ m, full = false }: { m: MyMeetingDto; full?: boolean }) {
  return (
    <div className="my-meeting" data-testid={`my-meeting-${m.id}`}>
      <div>
        <span className="my-tag red">{m.kindLabel}</span>
        {m.groupName ? <span className="my-tag">{m.groupName}</span> : null}
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
