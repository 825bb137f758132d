import { Alert, Steps, Tag } from 'antd';
import type { Meeting, MeetingAttendee, MeetingVote } from '../../../../api/types';
import { fmtDateTime } from '../../../../format';

export function StatusSteps({ m }: { m: Meeting }) {
  const returned = m.status === 'returned';
  const current = { draft: 0, submitted: 1, reviewed: 2, returned: 2 }[m.status];
  return (
    <Steps
      size="small"
      current={current}
      status={returned ? 'error' : m.status === 'reviewed' ? 'finish' : 'process'}
      data-testid="meeting-steps"
      items={[
        { title: '草稿', content: <span className="small muted">记录会议情况</span> },
        {
          title: '已提交',
          content: (
            <span className="small muted">{m.submittedAt ? fmtDateTime(m.submittedAt) : '提交上级审核'}</span>
          ),
        },
        returned
          ? {
              title: '已退回',
              content: (
                <span className="small">
                  {m.reviewedByName ? `${m.reviewedByName} ` : ''}
                  {m.reviewedAt ? fmtDateTime(m.reviewedAt) : ''}
                </span>
              ),
            }
          : {
              title: '已审核',
              content: (
                <span className="small muted">
                  {m.reviewedAt ? `${m.reviewedByName ?? ''} ${fmtDateTime(m.reviewedAt)}` : '上级党组织审核'}
                </span>
              ),
            },
      ]}
    />
  );
}

/** Who was excused (with the reason) and who was absent, at a glance above the full list. */
export function AbsenceSummary({ attendees }: { attendees: MeetingAttendee[] }) {
  const excused = attendees.filter((a) => a.attendance === 'excused');
  const absent = attendees.filter((a) => a.attendance === 'absent');
  if (!excused.length && !absent.length) return null;
  return (
    <div className="absence-summary" data-testid="absence-summary">
      {excused.length ? (
        <div>
          <Tag color="gold">请假</Tag>
          {excused.map((a) => (a.reason ? `${a.name}（${a.reason}）` : a.name)).join('、')}
        </div>
      ) : null}
      {absent.length ? (
        <div>
          <Tag color="red">缺席</Tag>
          {absent.map((a) => a.name).join('、')}
        </div>
      ) : null}
    </div>
  );
}

export function Text({ value, empty }: { value: string; empty: string }) {
  if (!value.trim()) return <span className="muted">{empty}</span>;
  return <div className="pre-text">{value}</div>;
}

export function VoteCard({ v, index }: { v: MeetingVote; index: number }) {
  return (
    <div className="vote-result" data-testid="vote-result">
      <div className="vote-result-head">
        <b>
          {index + 1}. {v.subject}
        </b>
        <Tag color={v.passed ? 'success' : 'error'} style={{ marginInlineEnd: 0 }}>
          {v.passed ? '通过' : v.quorumMet ? '未通过' : '不足法定人数'}
        </Tag>
      </div>
      <div className="vote-result-counts">
        <span>
          赞成 <b>{v.forVotes}</b> 票
        </span>
        <span>
          反对 <b>{v.against}</b> 票
        </span>
        <span>
          弃权 <b>{v.abstain}</b> 票
        </span>
        <span className="muted">
          有表决权：应到 {v.expectedVoting} 人，实到 {v.presentVoting} 人
        </span>
      </div>
      <Alert
        type={v.passed ? 'success' : 'warning'}
        showIcon
        title={v.explanation}
        data-testid="vote-result-explanation"
      />
    </div>
  );
}
