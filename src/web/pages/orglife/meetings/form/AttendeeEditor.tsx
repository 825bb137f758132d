import { CheckOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Empty, Input, Radio, Space, Spin, Tag, Tooltip } from 'antd';
import type { MeetingAttendee } from '../../../../api/types';
import { attendanceOptions } from '../../orglife';
import { AttendanceCounts } from '../AttendanceCounts';
import '../meetings.css';

export interface AttendeeEditorProps {
  value?: MeetingAttendee[];
  onChange?: (value: MeetingAttendee[]) => void;
  loading?: boolean;
  /** Shown instead of the table when there is nothing to list yet (no org chosen…). */
  emptyText: string;
  /** Reload the expected list (edit mode, after the date changed). */
  onReload?: () => void;
  /** General meetings: show the voting split. */
  voting?: boolean;
}

/**
 * 参会人员: the expected attendees with 出席 / 请假 / 缺席 per member, a reason for 请假, a button to
 * mark everyone present, and live counts. Probationary members are tagged: they attend but do not vote.
 */
export function AttendeeEditor({
  value = [],
  onChange,
  loading,
  emptyText,
  onReload,
  voting,
}: AttendeeEditorProps) {
  const set = (memberId: number, patch: Partial<MeetingAttendee>) =>
    onChange?.(value.map((a) => (a.memberId === memberId ? { ...a, ...patch } : a)));

  const allPresent = () =>
    onChange?.(value.map((a) => ({ ...a, attendance: 'present' as const, reason: null })));

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="attendee-editor">
      <div className="attendee-toolbar">
        <AttendanceCounts attendees={value} voting={voting} />
        <Space wrap size={8}>
          {onReload ? (
            <Tooltip title="按会议日期重新载入应到人员，已标记的出勤情况保留">
              <Button icon={<ReloadOutlined />} onClick={onReload} data-testid="attendees-reload">
                重新载入名单
              </Button>
            </Tooltip>
          ) : null}
          <Button
            icon={<CheckOutlined />}
            onClick={allPresent}
            disabled={!value.length}
            data-testid="attendees-all-present"
          >
            全部出席
          </Button>
        </Space>
      </div>
      {value.length ? (
        <div className="attendee-grid" data-testid="attendee-table">
          {value.map((a, i) => (
            <div
              key={a.memberId}
              className={`attendee-card attendee-${a.attendance}`}
              data-testid="attendee-row"
              data-member={a.memberId}
            >
              <div className="attendee-head">
                <span className="attendee-index">{i + 1}</span>
                <span className="attendee-name" data-testid="attendee-name">
                  {a.name}
                </span>
                {a.category === 'probationary' ? (
                  <Tooltip title="预备党员没有表决权，不计入表决人数">
                    <Tag color="gold" className="attendee-tag" data-testid="attendee-probationary">
                      预备党员·无表决权
                    </Tag>
                  </Tooltip>
                ) : !a.votes ? (
                  // A full member without a vote is under 留党察看 on the meeting day (党章第四十条).
                  <Tooltip title="留党察看期间没有表决权，不计入表决人数，仍应参加组织生活">
                    <Tag color="volcano" className="attendee-tag" data-testid="attendee-suspended">
                      留党察看·无表决权
                    </Tag>
                  </Tooltip>
                ) : null}
                {a.checkedInAt ? (
                  <Tag color="green" className="attendee-tag">
                    已扫码
                  </Tag>
                ) : null}
                <Radio.Group
                  size="small"
                  optionType="button"
                  buttonStyle="solid"
                  value={a.attendance}
                  options={attendanceOptions}
                  onChange={(e) =>
                    set(a.memberId, {
                      attendance: e.target.value,
                      reason: e.target.value === 'excused' ? a.reason : null,
                    })
                  }
                  data-testid={`attendance-${a.memberId}`}
                  className={`attendance-radio attendance-is-${a.attendance}`}
                />
              </div>
              <ResponseNote a={a} />
              {a.attendance === 'excused' ? (
                <Input
                  size="small"
                  value={a.reason ?? ''}
                  onChange={(e) => set(a.memberId, { reason: e.target.value })}
                  placeholder="请假事由（必填）"
                  maxLength={100}
                  status={a.reason?.trim() ? undefined : 'warning'}
                  className="attendee-reason"
                  data-testid={`attendance-reason-${a.memberId}`}
                />
              ) : null}
            </div>
          ))}
        </div>
      ) : (
        <div className="attendee-empty">
          {loading ? <Spin /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} />}
        </div>
      )}
    </Space>
  );
}

/**
 * What the member answered from their phone before the meeting (我的会议): 请假申请 with the reason
 * (the row was pre-filled as excused; the secretary's mark decides), or 已回执参加.
 */
export function ResponseNote({ a }: { a: Pick<MeetingAttendee, 'response' | 'memberId'> }) {
  if (!a.response) return null;
  const leave = a.response.response === 'leave';
  return (
    <div
      className={leave ? 'attendee-response leave' : 'attendee-response'}
      data-testid={`attendee-response-${a.memberId}`}
    >
      {leave ? `请假申请：${a.response.reason ?? ''}` : '已回执参加'}
    </div>
  );
}

/** Members marked 请假 without a reason. */
export const missingReasons = (attendees: MeetingAttendee[] | undefined): MeetingAttendee[] =>
  (attendees ?? []).filter((a) => a.attendance === 'excused' && !a.reason?.trim());

/**
 * The expected list merged with what was already marked: members still expected keep their marks,
 * new ones come as the API sent them, members no longer expected drop out.
 */
export function mergeAttendees(
  expected: MeetingAttendee[],
  marked: MeetingAttendee[] | undefined,
): MeetingAttendee[] {
  const byId = new Map((marked ?? []).map((a) => [a.memberId, a]));
  return expected.map((e) => {
    const m = byId.get(e.memberId);
    return m
      ? {
          ...e,
          attendance: m.attendance,
          reason: m.reason,
          checkedInAt: m.checkedInAt ?? e.checkedInAt,
          response: m.response ?? e.response,
        }
      : e;
  });
}
