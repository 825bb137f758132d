import { Alert } from 'antd';
import type { Dayjs } from 'dayjs';
import { daysBetween } from '../../../../domain/common/dates';
import { voteOutcome } from '../../../../domain/development/engine';
import {
  holidayCalendarCoversRange,
  nthWorkingDayFrom,
  workingDaysBetween,
} from '../../../../domain/development/working-days';
import { neededToExceed } from '../../../../domain/orglife/votes';
import type { caseRules } from '../development';
import type { Values } from './stepValues';

export function NoticeHint({ range, version }: { range?: [Dayjs, Dayjs]; version: string }) {
  if (!range?.[0] || !range[1]) {
    return <span>2026年版：上级党委同意后，公示不少于五个工作日（法定节假日和周末不计）</span>;
  }
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const days = workingDaysBetween(from, to);
  const ok = days >= 5;
  return (
    <span data-testid="notice-working-days" className={ok ? 'text-success' : 'text-danger'}>
      公示期{days}个工作日
      {ok ? '，符合不少于五个工作日的要求' : `，不足五个工作日：须公示至 ${nthWorkingDayFrom(from, 5)}`}
      {!holidayCalendarCoversRange(from, to) ? '（该年度节假日安排尚未收录，按周一至周五估算）' : ''}
      {version !== '2026' ? '' : ''}
    </span>
  );
}

export function TrainingHint({ range, hours }: { range?: [Dayjs, Dayjs]; hours?: number }) {
  if (!range?.[0] || !range[1]) return <span>一般不少于三天或二十四个学时</span>;
  const days = daysBetween(range[0].format('YYYY-MM-DD'), range[1].format('YYYY-MM-DD')) + 1;
  const h = hours ?? 0;
  const ok = days >= 3 || h >= 24;
  return (
    <span className={ok ? 'text-success' : 'text-danger'} data-testid="training-length">
      {days}天、{h}学时{ok ? '，符合要求' : '：一般不少于三天或二十四个学时'}
    </span>
  );
}

export function VoteHint({ vote, rules }: { vote: Values['vote']; rules: ReturnType<typeof caseRules> }) {
  const v = vote ?? {};
  if (v.expectedVoting === undefined || v.presentVoting === undefined || v.for === undefined) {
    return (
      <Alert
        type="info"
        showIcon
        title="应到会有表决权的正式党员须超过半数到会；赞成票须超过应到会有表决权正式党员的半数，决议方为通过。"
      />
    );
  }
  const full = {
    expectedVoting: v.expectedVoting,
    presentVoting: v.presentVoting,
    for: v.for,
    against: v.against ?? 0,
    abstain: v.abstain ?? 0,
  };
  const r = voteOutcome(full, rules);
  if (r.valid && r.passed) {
    const q = neededToExceed(full.expectedVoting, rules['vote.quorumShare']);
    const p = neededToExceed(full.expectedVoting, rules['vote.passShare']);
    return (
      <Alert
        type="success"
        showIcon
        data-testid="vote-outcome"
        title={`表决有效，决议通过：实到${full.presentVoting}人（须至少${q}人），赞成${full.for}票（须至少${p}票）`}
      />
    );
  }
  return (
    <Alert
      type={r.valid ? 'warning' : 'error'}
      showIcon
      data-testid="vote-outcome"
      title={r.valid ? `决议未通过：${r.message}` : `表决无效：${r.message}`}
    />
  );
}
