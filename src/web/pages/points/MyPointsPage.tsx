import { Button, Card, Empty, Select } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useMe } from '../../api/hooks';
import { useMyPoints } from '../../api/points';
import { MemberApp } from '../../components/MemberApp';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { yearOptions } from './common';
import { EntryList } from './EntryList';
import './points.css';

const PAGE = 20;

/**
 * 我的积分 (`/my/points`, phone-first): the year's total, the rank in the branch, every entry with
 * what earned it; the branch's ranking only when the rule points.rankingsVisibleToMembers allows.
 */
export default function MyPointsPage() {
  const { data: me } = useMe();
  const thisYear = dayjs().year();
  const [year, setYear] = useState(thisYear);
  const [shown, setShown] = useState(PAGE);
  const q = useMyPoints(year === thisYear ? undefined : year, 1, shown);
  if (me && !me.memberId) return <Empty description="您的账号未关联党员档案" />;

  return (
    <MemberApp className="page my-points">
      <PageHeader
        title="我的积分"
        extra={
          <Select
            value={year}
            onChange={(y) => {
              setYear(y);
              setShown(PAGE);
            }}
            options={yearOptions(thisYear)}
            style={{ width: '6.5em' }}
            data-testid="my-points-year"
          />
        }
      />
      <QueryState query={q}>
        {(p) => (
          <>
            <Card className="my-card" data-testid="my-points-headline">
              <div className="my-points-figure">
                <span className="my-points-big">{p.total}</span>
                <span>分（{p.year}年）</span>
              </div>
              <div className="muted">
                {p.branchRank === null
                  ? p.orgName
                  : `在${p.orgName}${p.branchSize}名党员中排第${p.branchRank}名`}
              </div>
            </Card>

            {p.branchRanking ? (
              <Card className="my-card" title="本支部排名" data-testid="my-points-ranking">
                {p.branchRanking.map((r) => (
                  <div
                    key={r.memberId}
                    className={`points-ranking-row${r.memberId === p.memberId ? ' me' : ''}`}
                  >
                    <span className="rank">{r.rank}</span>
                    <span className="name">{r.name}</span>
                    <span>{r.points}分</span>
                  </div>
                ))}
              </Card>
            ) : null}

            <Card className="my-card" title="积分明细">
              {p.entries.data.length ? (
                <>
                  <EntryList entries={p.entries.data} testId="my-points-entries" />
                  {p.entries.total > p.entries.data.length ? (
                    <Button block onClick={() => setShown((n) => n + PAGE)} style={{ marginTop: 8 }}>
                      查看更多（共{p.entries.total}条）
                    </Button>
                  ) : null}
                </>
              ) : (
                <Empty description="本年度尚无积分记录" />
              )}
            </Card>

            <Card className="my-card" title="怎样计算积分">
              <ul className="my-hours-rules" style={{ margin: 0, paddingLeft: '1.2em' }}>
                <li>参加支部党员大会、党小组会、党课、主题党日等计分；无故缺席扣分，请假的不扣。</li>
                <li>党费当月交纳计分，逾期交纳或未交扣分。</li>
                <li>学习每满一学时计分，集中培训和专题辅导结业另行计分；每项每天、每年都有上限。</li>
                <li>支部的奖励或扣分须写明理由，并经另一人批准。记录更正或删除后，积分随之冲回。</li>
              </ul>
            </Card>
          </>
        )}
      </QueryState>
    </MemberApp>
  );
}
