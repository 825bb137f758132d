import { Card, Descriptions, Select, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { Link, useParams, useSearchParams } from 'react-router';
import {
  CREDIT_SOURCE_LABELS,
  type CreditDto,
  type CreditSource,
  hoursApi,
} from '../../../shared/contracts/hours';
import { urlOf } from '../../api/contract';
import { useMemberLedger, useOnlineTrace } from '../../api/hours';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { hoursText, minutesText } from '../study/format';

const SOURCE_COLORS: Record<CreditSource, string> = { online: 'blue', class: 'purple', external: 'gold' };

const time = (iso: string) => dayjs(iso).format('HH:mm:ss');

/**
 * 学时明细 (`/hours/members/:memberId?year=`): every credit of a member's year, each traceable to
 * its source: an online credit opens the sessions and heartbeats behind it (device, verdicts),
 * a class credit the class, an external credit its record and evidence.
 */
export default function MemberLedgerPage() {
  const memberId = Number(useParams().memberId);
  const [params, setParams] = useSearchParams();
  const thisYear = dayjs().year();
  const year = Number(params.get('year')) || thisYear;
  const q = useMemberLedger(memberId, year);
  return (
    <div className="page" data-testid="member-ledger-page">
      <QueryState query={q}>
        {(l) => {
          const h = (s: number) => hoursText(s, l.minutesPerHour);
          return (
            <>
              <PageHeader
                title={`${l.member.name}的学时明细`}
                subtitle={
                  <>
                    {l.member.orgName} · <Link to={`/members/${l.member.id}`}>党员档案</Link>
                  </>
                }
                extra={
                  <Select
                    value={year}
                    onChange={(y) => setParams({ year: String(y) }, { replace: true })}
                    options={[0, 1, 2, 3].map((d) => ({ value: thisYear - d, label: `${thisYear - d}年` }))}
                    style={{ width: 110 }}
                  />
                }
              />
              <Card style={{ marginBottom: 12 }}>
                <Descriptions column={{ xs: 1, sm: 2, md: 4 }} size="small">
                  <Descriptions.Item label="合计">
                    <strong data-testid="ledger-total">{h(l.totals.totalSeconds)}</strong>&nbsp;学时
                  </Descriptions.Item>
                  <Descriptions.Item label="在线学习">
                    {h(l.totals.onlineSeconds)} 学时（{minutesText(l.totals.onlineSeconds)}）
                  </Descriptions.Item>
                  <Descriptions.Item label="集中培训">{h(l.totals.classSeconds)} 学时</Descriptions.Item>
                  <Descriptions.Item label="其他学习">{h(l.totals.externalSeconds)} 学时</Descriptions.Item>
                </Descriptions>
                <div className="muted small">
                  每学时按{l.minutesPerHour}分钟计（{year}年的规则）。
                </div>
              </Card>
              <Card styles={{ body: { padding: 0 } }}>
                <Table<CreditDto>
                  rowKey="id"
                  dataSource={l.credits}
                  pagination={{ pageSize: 50, hideOnSinglePage: true }}
                  locale={{ emptyText: `${year}年还没有计入的学时` }}
                  expandable={{
                    rowExpandable: (r) => r.source === 'online',
                    expandedRowRender: (r) => (
                      <Trace memberId={l.member.id} itemId={r.sourceId} day={r.creditedOn} />
                    ),
                  }}
                  columns={[
                    { title: '日期', dataIndex: 'creditedOn', width: 110 },
                    {
                      title: '来源',
                      dataIndex: 'source',
                      width: 100,
                      render: (s: CreditSource) => (
                        <Tag color={SOURCE_COLORS[s]}>{CREDIT_SOURCE_LABELS[s]}</Tag>
                      ),
                    },
                    {
                      title: '内容',
                      dataIndex: 'title',
                      render: (t: string, r) =>
                        r.source === 'class' ? (
                          <Link to={`/learning/classes/${r.sourceId}`}>{t}</Link>
                        ) : r.source === 'external' ? (
                          <span>
                            {t}{' '}
                            <a
                              href={urlOf(hoursApi.externalEvidence, { params: { id: r.sourceId } })}
                              target="_blank"
                              rel="noreferrer"
                            >
                              证明
                            </a>
                          </span>
                        ) : (
                          t
                        ),
                    },
                    {
                      title: '时长',
                      dataIndex: 'seconds',
                      width: 120,
                      render: (s: number) => minutesText(s),
                    },
                    { title: '学时', dataIndex: 'seconds', width: 80, render: (s: number) => h(s) },
                    { title: '计入支部', dataIndex: 'orgName', ellipsis: true },
                  ]}
                />
              </Card>
            </>
          );
        }}
      </QueryState>
    </div>
  );
}

/** The sessions and heartbeats behind one online credit (member, item, day). */
function Trace({ memberId, itemId, day }: { memberId: number; itemId: number; day: string }) {
  const q = useOnlineTrace(memberId, itemId, day, true);
  return (
    <QueryState query={q} skeletonRows={3}>
      {(t) => (
        <div data-testid="online-trace">
          <div className="muted" style={{ marginBottom: 8 }}>
            {t.day} 计入 {minutesText(t.creditedSeconds)}
            ：以下为当天的学习会话和每次心跳的判定（由服务器按规则计时）。
          </div>
          {t.sessions.map((s) => (
            <Card
              key={s.id}
              size="small"
              style={{ marginBottom: 8 }}
              title={`会话 ${s.id} · 设备 ${s.device} · ${s.statusLabel}`}
            >
              <div className="muted small" style={{ marginBottom: 6 }}>
                {dayjs(s.startedAt).format('YYYY-MM-DD HH:mm:ss')} 开始 · 本会话计时{' '}
                {minutesText(s.creditedSeconds)}
                {s.supersededBy ? ` · 被会话 ${s.supersededBy} 接替` : ''}
              </div>
              {s.beats.length === 0 ? (
                <div className="muted">本会话在当天没有心跳明细。</div>
              ) : (
                <Table
                  size="small"
                  rowKey="seq"
                  dataSource={s.beats}
                  pagination={{ pageSize: 20, hideOnSinglePage: true, size: 'small' }}
                  columns={[
                    { title: '序号', dataIndex: 'seq', width: 60 },
                    { title: '时间', dataIndex: 'at', width: 90, render: time },
                    { title: '播放位置', dataIndex: 'position', width: 90, render: (p: number) => `${p}秒` },
                    {
                      title: '可见',
                      dataIndex: 'visible',
                      width: 60,
                      render: (v: boolean) => (v ? '是' : '否'),
                    },
                    {
                      title: '播放',
                      dataIndex: 'playing',
                      width: 60,
                      render: (v: boolean) => (v ? '是' : '否'),
                    },
                    {
                      title: '判定',
                      dataIndex: 'verdictLabel',
                      render: (v: string, b) => (
                        <Tag color={b.verdict === 'credited' ? 'green' : 'default'}>{v}</Tag>
                      ),
                    },
                    {
                      title: '计时',
                      dataIndex: 'creditedSeconds',
                      width: 70,
                      render: (c: number) => `${c}秒`,
                    },
                  ]}
                />
              )}
            </Card>
          ))}
        </div>
      )}
    </QueryState>
  );
}
