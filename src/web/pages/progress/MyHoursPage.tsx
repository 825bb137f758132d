import { Card, Empty, Progress, Select, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { STANDING_LABELS, TARGET_ROLE_LABELS } from '../../../shared/contracts/progress';
import { useMe } from '../../api/hooks';
import { useMyProgress } from '../../api/progress';
import { MemberApp } from '../../components/MemberApp';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { hoursText, STANDING_COLORS, yearOptions } from './common';
import './progress.css';

/**
 * 我的学时 (`/my/hours`, phone-first): the member's hours this year against the target of their
 * role, by source, a bar with the pace marked on it, the training they owe, and what counts.
 */
export default function MyHoursPage() {
  const { data: me } = useMe();
  const thisYear = dayjs().year();
  const [year, setYear] = useState(thisYear);
  const q = useMyProgress(year === thisYear ? undefined : year);
  if (me && !me.memberId) return <Empty description="您的账号未关联党员档案" />;

  return (
    <MemberApp className="page my-hours">
      <PageHeader
        title="我的学时"
        extra={
          <Select
            value={year}
            onChange={setYear}
            options={yearOptions(thisYear)}
            style={{ width: '6.5em' }}
            data-testid="my-hours-year"
          />
        }
      />
      <QueryState query={q}>
        {(p) => {
          const h = (s: number) => hoursText(s, p.basis);
          const pct = p.targetSeconds > 0 ? Math.min(100, (p.totalSeconds / p.targetSeconds) * 100) : 100;
          const pace = p.targetSeconds > 0 ? Math.min(100, (p.expectedSeconds / p.targetSeconds) * 100) : 0;
          const left = Math.max(0, p.targetSeconds - p.totalSeconds);
          return (
            <>
              <Card className="my-card" data-testid="my-hours-headline">
                <div className="my-hours-figure">
                  <span className="my-hours-big">{h(p.totalSeconds)}</span>
                  <span> / {h(p.targetSeconds)} 学时</span>
                  <Tag color={STANDING_COLORS[p.standing]} className="my-hours-tag">
                    {STANDING_LABELS[p.standing]}
                  </Tag>
                </div>
                <div className="my-hours-bar">
                  <Progress
                    percent={Math.round(pct)}
                    showInfo={false}
                    strokeColor="#c8161d"
                    size={['100%', 14]}
                  />
                  {pace > 0 && pace < 100 ? (
                    <span className="my-hours-pace" style={{ left: `${pace}%` }} title="按时间应达到的进度" />
                  ) : null}
                </div>
                {pace > 0 && pace < 100 && p.standing !== 'met' ? (
                  <div className="muted small my-hours-legend">
                    <span className="my-hours-legend-mark" />
                    按时间应达到的进度
                  </div>
                ) : null}
                <div className="muted">
                  {p.standing === 'met'
                    ? `${p.basis.year}年学时目标已完成。`
                    : `还差 ${h(left)} 学时；按时间进度，到${p.basis.on}应有 ${h(p.expectedSeconds)} 学时。`}
                </div>
                <div className="muted small" style={{ marginTop: 4 }}>
                  {p.name} · {p.orgName} · 目标按“{TARGET_ROLE_LABELS[p.role]}”计
                </div>
              </Card>

              <Card className="my-card" title="学时来源">
                <dl className="my-hours-sources" data-testid="my-hours-sources">
                  <dt>在线学习</dt>
                  <dd>{h(p.onlineSeconds)} 学时</dd>
                  <dt>集中培训、专题辅导</dt>
                  <dd>{h(p.classSeconds)} 学时</dd>
                  <dt>其他学习（经支部审核）</dt>
                  <dd>{h(p.externalSeconds)} 学时</dd>
                </dl>
              </Card>

              {p.newSecretary || p.probationary ? (
                <Card className="my-card" title="培训要求">
                  {p.newSecretary ? (
                    <p>
                      新任书记（{p.newSecretary.startedOn}任职）须在{p.newSecretary.deadline}
                      前参加上级党组织举办的集中培训：
                      {p.newSecretary.trained ? (
                        <Tag color="green">已完成</Tag>
                      ) : (
                        <Tag color="orange">尚未完成</Tag>
                      )}
                    </p>
                  ) : null}
                  {p.probationary ? (
                    <p>
                      预备党员在预备期内须参加上级党组织举办的集中培训：
                      {p.probationary.trained ? (
                        <Tag color="green">已完成</Tag>
                      ) : (
                        <Tag color="orange">尚未完成</Tag>
                      )}
                    </p>
                  ) : null}
                </Card>
              ) : null}

              <Card className="my-card" title="怎样计算学时">
                <ul className="my-hours-rules">
                  <li>
                    每学时按{p.basis.secondsPerHour / 60}分钟计。{p.basis.year}年目标：党员
                    {p.basis.memberTargetHours}
                    学时，书记和班子成员{p.basis.leaderTargetHours}学时。
                  </li>
                  <li>在线学习只计页面在前台、视频或音频正在播放的时间；快进、后台播放不计，每天有上限。</li>
                  <li>集中培训和专题辅导按签到结业后计入全班学时。</li>
                  <li>学习强国等其他学习，提交证明并经支部审核通过后计入。</li>
                </ul>
              </Card>
            </>
          );
        }}
      </QueryState>
    </MemberApp>
  );
}
