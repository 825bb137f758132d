import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { yuan } from '../../../domain/dues/amounts';
import { LEDGER_STATUS_LABELS, type LedgerStatus } from '../../../domain/dues/labels';
import { monthText } from '../../../domain/dues/months';
import type { MyHomeDto } from '../../../shared/contracts/my';
import { useMyHome } from '../../api/my';
import { LightQueryState } from '../../components/light/LightQueryState';
import { relativeTime } from '../../format';
import { MeetingCard } from './MeetingCard';

/** One section of the home: a title, a short body, and 更多 to the page with everything. */
function Section({
  title,
  more,
  testId,
  children,
}: {
  title: string;
  more?: { to: string; label?: string };
  testId: string;
  children: ReactNode;
}) {
  return (
    // Plain sections, not antd's Card (which brings Tabs, Dropdown and Menu): this is the page a
    // member's phone loads first after signing in (issue #19, the first JS under 200 KB).
    <section className="my-card my-section" data-testid={testId}>
      <div className="my-section-head">
        <h2>{title}</h2>
        {more ? <Link to={more.to}>{more.label ?? '更多'}</Link> : null}
      </div>
      <div className="my-section-body">{children}</div>
    </section>
  );
}

const dateText = (iso: string) =>
  `${Number(iso.slice(0, 4))}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;

function Meetings({ h }: { h: MyHomeDto }) {
  const { upcoming, total } = h.meetings;
  return (
    <Section
      title="近期会议"
      testId="my-meetings"
      more={{ to: '/my/meetings', label: total > upcoming.length ? `全部 ${total} 个` : '更多' }}
    >
      {upcoming.length ? (
        upcoming.map((m) => <MeetingCard key={m.id} m={m} />)
      ) : (
        <div className="my-empty">近期没有需要参加的会议</div>
      )}
    </Section>
  );
}

function Attendance({ a }: { a: NonNullable<MyHomeDto['attendance']> }) {
  const items: Array<[string, number]> = [
    ['已开', a.held],
    ['出席', a.attended],
    ['请假', a.excused],
    ['缺席', a.missed],
  ];
  return (
    <Section title={`${a.year}年出勤`} testId="my-attendance" more={{ to: '/my/meetings?scope=past' }}>
      <div className="my-stats">
        {items.map(([label, value]) => (
          <div key={label}>
            <div className="my-stat-value">{value}</div>
            <div className="my-stat-label">{label}</div>
          </div>
        ))}
      </div>
    </Section>
  );
}

function Dues({ d }: { d: NonNullable<MyHomeDto['dues']> }) {
  const c = d.currentMonth;
  return (
    <Section title="党费" testId="my-dues" more={{ to: '/me/dues', label: '我的党费' }}>
      {c ? (
        <div className="my-row">
          <span>{monthText(c.month)}应交</span>
          <span>
            {c.expectedFen === null ? '未核定' : `${yuan(c.expectedFen)} 元`}{' '}
            <span
              className={`my-tag ${c.status === 'paid' ? 'green' : c.status === 'exempt' ? '' : 'orange'}`}
            >
              {LEDGER_STATUS_LABELS[c.status as LedgerStatus] ?? c.status}
            </span>
          </span>
        </div>
      ) : (
        <div className="my-row">
          <span>本月</span>
          <span>无需交纳</span>
        </div>
      )}
      <div className="my-row" data-testid="my-arrears">
        <span>欠交</span>
        <span style={d.arrearsFen > 0 ? { color: '#a8071a', fontWeight: 600 } : undefined}>
          {d.arrearsFen > 0 ? `${d.owedMonths.length} 个月，共 ${yuan(d.arrearsFen)} 元` : '无'}
        </span>
      </div>
      {d.history.slice(0, 3).map((p) => (
        <div className="my-row" key={p.id}>
          <span>{monthText(p.month)}</span>
          <span>
            {yuan(p.amountFen)} 元 · {Number(p.paidOn.slice(5, 7))}月{Number(p.paidOn.slice(8, 10))}日交
          </span>
        </div>
      ))}
    </Section>
  );
}

function Development({ c }: { c: NonNullable<MyHomeDto['development']> }) {
  return (
    <Section title="我的发展进度" testId="my-development">
      <div className="my-row">
        <span>当前</span>
        <span>{c.stageLabel}</span>
      </div>
      {c.nextTitle ? (
        <div className="my-row">
          <span>下一步</span>
          <span>{c.nextTitle}</span>
        </div>
      ) : null}
      {c.nextDueOn || c.nextEarliestOn ? (
        <div className="my-row">
          <span>时间</span>
          <span style={c.overdue ? { color: '#a8071a' } : undefined}>
            {c.nextEarliestOn ? `${dateText(c.nextEarliestOn)}起` : ''}
            {c.nextDueOn ? `${dateText(c.nextDueOn)}前` : ''}
            {c.overdue ? '（已逾期）' : ''}
          </span>
        </div>
      ) : null}
    </Section>
  );
}

function Notifications({ n }: { n: MyHomeDto['notifications'] }) {
  return (
    <Section
      title={n.unread ? `消息（${n.unread} 条未读）` : '消息'}
      testId="my-notifications"
      more={{ to: '/notifications' }}
    >
      {n.latest.length ? (
        <ul className="member-list">
          {n.latest.map((x) => (
            <li key={x.id} className="member-list-item">
              {x.link ? <Link to={x.link}>{x.title}</Link> : <span>{x.title}</span>}
              <span className="muted">{relativeTime(x.createdAt)}</span>
            </li>
          ))}
        </ul>
      ) : (
        <span className="muted">没有未读消息</span>
      )}
    </Section>
  );
}

function PoliticalBirthday({ b }: { b: NonNullable<MyHomeDto['politicalBirthday']> }) {
  return (
    <Section title="政治生日" testId="my-birthday">
      <div className="my-row">
        <span>入党日期</span>
        <span>{dateText(b.joinedOn)}</span>
      </div>
      <div className="my-row">
        <span>{b.daysUntil === 0 ? '今天' : dateText(b.next)}</span>
        <span>
          入党 {b.years} 周年{b.daysUntil === 0 ? '，政治生日快乐！' : `，还有 ${b.daysUntil} 天`}
        </span>
      </div>
      <div className="my-row">
        <span>党龄</span>
        <span data-testid="my-party-age">
          {b.partyAge === null ? '预备期满转正后起算' : `${b.partyAge} 年`}
        </span>
      </div>
    </Section>
  );
}

function Relation({ r }: { r: NonNullable<MyHomeDto['relation']> }) {
  return (
    <Section title="组织关系" testId="my-relation" more={{ to: '/me', label: '我的档案' }}>
      <div className="my-row">
        <span>所在支部</span>
        <span>{r.orgName}</span>
      </div>
      {r.pathNames.length > 1 ? (
        <div className="muted" style={{ marginBottom: 4 }}>
          {r.pathNames.slice(0, -1).join(' › ')}
        </div>
      ) : null}
      <div className="my-row">
        <span>支部书记</span>
        <span>{r.secretaryName ?? '暂缺'}</span>
      </div>
      {r.groupName ? (
        <div className="my-row">
          <span>党小组</span>
          <span>{r.groupName}</span>
        </div>
      ) : null}
      <div className="my-row">
        <span>组织关系转接</span>
        <span>
          {r.transfer
            ? `转往${r.transfer.toOrgName}，办理中（${dateText(r.transfer.requestedOn)}申请）`
            : '无'}
        </span>
      </div>
    </Section>
  );
}

/** 修改密码 and 规则库 (the administrators' shell has them in its user menu and side menu). */
function More() {
  return (
    <Section title="更多" testId="my-more">
      <div className="my-actions">
        <Link to="/password" data-testid="menu-password">
          修改密码
        </Link>
        <Link to="/rules" data-testid="my-rules">
          规则库
        </Link>
      </div>
    </Section>
  );
}

/** 我的首页: what concerns the member now, one short card per section (issue #19). */
export default function MyHomePage() {
  const query = useMyHome();
  return (
    <LightQueryState query={query}>
      {(h) => (
        <div data-testid="my-home">
          <div className="my-greeting">
            <h1>{h.member?.name ?? h.displayName}，您好</h1>
            {h.member ? (
              <span className="muted">{h.member.category === 'probationary' ? '预备党员' : '中共党员'}</span>
            ) : null}
          </div>
          {h.member ? <Meetings h={h} /> : null}
          {h.development ? <Development c={h.development} /> : null}
          {h.attendance ? <Attendance a={h.attendance} /> : null}
          {h.dues ? <Dues d={h.dues} /> : null}
          <Notifications n={h.notifications} />
          {h.politicalBirthday ? <PoliticalBirthday b={h.politicalBirthday} /> : null}
          {h.relation ? <Relation r={h.relation} /> : null}
          <More />
          {!h.member && !h.development ? (
            <section className="my-card my-section">
              <div className="my-empty">账号尚未关联党员档案，请联系所在党支部</div>
            </section>
          ) : null}
        </div>
      )}
    </LightQueryState>
  );
}
