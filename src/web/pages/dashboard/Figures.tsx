import { Col, Row } from 'antd';
import { useMemo } from 'react';
import { Link } from 'react-router';
import type { BucketDto } from '../../../shared/contracts/dashboard';
import type { Dashboard } from '../../api/dashboard';
import type { EChartOption } from '../../components/EChart';
import { useIsPhone } from '../../hooks/useMediaQuery';
import { StudyKpi } from '../progress/StudyKpi';
import {
  barOption,
  ChartCard,
  fmt,
  GOLD,
  type Item,
  Kpi,
  memberLink,
  nonZero,
  pct,
  pieOption,
  RED,
  rateColor,
} from './charts';

export function Figures({ d, go }: { d: Dashboard; go: (link: string) => void }) {
  const isPhone = useIsPhone();
  const members = (extra: string) => memberLink(d.orgId, extra);
  const m = d.members;
  const share = (n: number) => (m.total ? pct(n / m.total) : '—');

  const opts = useMemo(() => {
    const members = (extra: string) => memberLink(d.orgId, extra);
    const toItems = (buckets: BucketDto[], param: string): Item[] =>
      buckets.map((b) => ({ name: b.label, value: b.count, link: members(`${param}=${b.key}`) }));
    const eth: Item[] = [
      { name: '汉族', value: d.ethnicity.han, link: members('ethnicity=01') },
      {
        name: '少数民族',
        value: d.ethnicity.minorities,
        link: members('ethnicity=minority'),
        itemStyle: { color: GOLD },
      },
      ...d.ethnicity.groups.map((g) => ({
        name: g.label,
        value: g.count,
        link: members(`ethnicity=${g.key}`),
        itemStyle: { color: '#f08c2e' },
      })),
    ];
    const cov = d.coverage.kinds;
    const coverage: EChartOption = {
      color: [RED, '#d9d9d9'],
      legend: { top: 0 },
      grid: { left: isPhone ? 84 : 100, right: 40, top: 32, bottom: 24 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: cov.map((k) => k.label) },
      series: [
        {
          name: '已覆盖',
          type: 'bar',
          stack: 'c',
          barMaxWidth: 26,
          label: { show: true, fontSize: 11, color: '#fff', formatter: nonZero },
          data: cov.map((k) => ({
            value: k.covered,
            link: `/coverage?orgId=${d.orgId}&kind=${k.kind}&covered=true`,
          })),
          cursor: 'pointer',
        },
        {
          name: '未覆盖',
          type: 'bar',
          stack: 'c',
          barMaxWidth: 26,
          label: { show: true, fontSize: 11, formatter: nonZero },
          data: cov.map((k) => ({
            value: k.uncovered,
            link: `/coverage?orgId=${d.orgId}&kind=${k.kind}&covered=false`,
          })),
          cursor: 'pointer',
        },
      ],
    };
    const orgsLink = `/orgs/${d.orgId}`;
    return {
      category: pieOption(toItems(d.category, 'category'), isPhone, [RED, GOLD]),
      gender: pieOption(toItems(d.gender, 'gender'), isPhone, ['#5b8ff9', '#ff6b81']),
      ageBand: barOption(toItems(d.ageBand, 'ageBand'), isPhone),
      ethnicity: barOption(eth, isPhone, { horizontal: true }),
      education: barOption(toItems(d.education, 'education'), isPhone, {
        horizontal: true,
        color: '#e8684a',
      }),
      joinDecade: barOption(toItems(d.joinDecade, 'joinDecade'), isPhone, { color: '#d4380d' }),
      status: pieOption(toItems(d.status, 'status'), isPhone, [RED, '#5b8ff9', '#faad14']),
      orgKind: barOption(
        d.orgs.byKind.map((b) => ({ name: b.label, value: b.count, link: orgsLink })),
        isPhone,
        { unit: '个', color: '#9270ca' },
      ),
      orgSector: barOption(
        d.orgs.bySector.map((b) => ({ name: b.label, value: b.count, link: orgsLink })),
        isPhone,
        { horizontal: true, unit: '个', color: '#5b8ff9' },
      ),
      coverage,
      development: d.development
        ? barOption(
            d.development.stages.map((s) => ({
              name: s.label,
              value: s.count,
              link: `/development/cases?orgId=${d.orgId}&stage=${s.key}&status=active`,
            })),
            isPhone,
            { color: '#f08c2e' },
          )
        : null,
      compliance: d.compliance
        ? pieOption(
            [
              { name: '已完成', value: d.compliance.met, link: `/compliance?orgId=${d.orgId}` },
              { name: '未完成', value: d.compliance.missed, link: `/compliance?orgId=${d.orgId}` },
              { name: '进行中', value: d.compliance.due, link: `/compliance?orgId=${d.orgId}` },
              { name: '已豁免', value: d.compliance.exempt, link: `/compliance?orgId=${d.orgId}` },
            ].filter((i) => i.value > 0),
            isPhone,
            ['#389e0d', RED, '#faad14', '#bfbfbf'],
            '项',
          )
        : null,
    };
  }, [d, isPhone]);

  const dues = d.dues;
  const duesLink = `/dues/summary?orgId=${d.orgId}&year=${dues?.year ?? ''}`;
  // What the dues card counts, named: the rate over the year's months to date (this month included,
  // as the dues summary counts it), the unpaid members of the last complete month as of today.
  const thisMonth = Number(d.today.slice(5, 7));
  const inYear = !!dues && Number(d.today.slice(0, 4)) === dues.year;
  const duesTo = inYear ? thisMonth : 12;
  const duesSpan = duesTo === 1 ? '1月' : `1—${duesTo}月`;
  const duesMonth = dues ? Number(dues.month.slice(5)) : 0;
  const duesHint = dues
    ? `${duesMonth}月${inYear && duesMonth === thisMonth ? '（本月）' : ''}党费至今未交清 ${fmt(dues.unpaidMembers)} 人`
    : '无权查看';
  const c = d.coverage.total;
  const kpis = (
    <div className="dash-kpis" data-testid="dashboard-kpis">
      <Kpi
        testId="members"
        title="党员总数"
        value={m.total}
        unit="名"
        hint={`正式 ${fmt(m.full)} · 预备 ${fmt(m.probationary)}`}
        to={`/members?orgId=${d.orgId}`}
      />
      <Kpi
        testId="female"
        title="女性党员"
        value={share(m.female)}
        hint={`${fmt(m.female)} 名`}
        to={members('gender=female')}
      />
      <Kpi
        testId="minorities"
        title="少数民族党员"
        value={share(m.minorities)}
        hint={`${fmt(m.minorities)} 名`}
        to={members('ethnicity=minority')}
      />
      <Kpi
        testId="college"
        title="大专及以上学历"
        value={share(m.collegeOrAbove)}
        hint={`${fmt(m.collegeOrAbove)} 名`}
      />
      <Kpi testId="young" title="35岁及以下" value={share(m.upTo35)} hint={`${fmt(m.upTo35)} 名`} />
      <Kpi
        testId="orgs"
        title="党组织"
        value={d.orgs.total}
        unit="个"
        hint={`下级组织 ${fmt(d.childrenTotal)} 个`}
        to={`/orgs/${d.orgId}`}
      />
      <Kpi
        testId="compliance"
        title="组织生活完成率"
        value={pct(d.compliance?.rate)}
        // Red only for what was missed: a rate lowered by items still due is amber (the compliance page's).
        color={
          !d.compliance || d.compliance.missed > 0
            ? rateColor(d.compliance?.rate ?? null)
            : d.compliance.due > 0
              ? '#d48806'
              : rateColor(d.compliance.rate)
        }
        hint={
          d.compliance
            ? `未完成 ${fmt(d.compliance.missed)} 项${d.compliance.due ? `，待完成 ${fmt(d.compliance.due)} 项` : ''}`
            : '无权查看'
        }
        to={d.compliance ? `/compliance?orgId=${d.orgId}` : undefined}
      />
      <Kpi
        testId="dues"
        title={dues ? `党费收缴率（${inYear ? '' : `${dues.year}年`}${duesSpan}）` : '党费收缴率'}
        value={pct(dues?.rate)}
        color={rateColor(dues?.rate ?? null)}
        hint={duesHint}
        to={dues ? duesLink : undefined}
      />
      <Kpi
        testId="coverage"
        title="两新组织覆盖率"
        value={pct(c.rate)}
        color={rateColor(c.rate)}
        hint={c.total ? `${fmt(c.covered)} / ${fmt(c.total)} 家` : '没有登记的两新组织'}
        to={`/coverage?orgId=${d.orgId}`}
      />
      <Kpi
        testId="development"
        title="发展对象"
        value={d.development?.stages.find((s) => s.key === 'candidate')?.count ?? '—'}
        unit="名"
        hint={d.development ? `今年已发展 ${fmt(d.development.admittedThisYear)} 名` : '无权查看'}
        to={d.development ? `/development?orgId=${d.orgId}` : undefined}
      />
      <StudyKpi orgId={d.orgId} />
    </div>
  );

  const col = { xs: 24, md: 12, xl: 8 } as const;
  return (
    <>
      {kpis}
      <Row gutter={[16, 16]}>
        <Col {...col}>
          <ChartCard
            title="党员类别"
            option={opts.category}
            testId="category"
            onNavigate={go}
            note="点击查看名单"
          />
        </Col>
        <Col {...col}>
          <ChartCard title="性别" option={opts.gender} testId="gender" onNavigate={go} note="点击查看名单" />
        </Col>
        <Col {...col}>
          <ChartCard
            title="党员状态"
            option={opts.status}
            testId="status"
            onNavigate={go}
            note="在册、流动、失联"
          />
        </Col>
        <Col {...col}>
          <ChartCard
            title="年龄结构"
            option={opts.ageBand}
            testId="age"
            onNavigate={go}
            note={`按${d.today}计算`}
          />
        </Col>
        <Col {...col}>
          <ChartCard
            title="民族"
            option={opts.ethnicity}
            testId="ethnicity"
            onNavigate={go}
            height={Math.max(200, (d.ethnicity.groups.length + 2) * 30 + 40)}
            note={`少数民族 ${fmt(m.minorities)} 名`}
          />
        </Col>
        <Col {...col}>
          <ChartCard
            title="学历"
            option={opts.education}
            testId="education"
            onNavigate={go}
            note={`大专及以上 ${share(m.collegeOrAbove)}`}
          />
        </Col>
        <Col {...col}>
          <ChartCard
            title="入党时间"
            option={opts.joinDecade}
            testId="decade"
            onNavigate={go}
            note="按年代"
          />
        </Col>
        <Col {...col}>
          <ChartCard
            title="党组织类别"
            option={opts.orgKind}
            testId="org-kind"
            onNavigate={go}
            note={`共 ${d.orgs.total} 个`}
          />
        </Col>
        <Col {...col}>
          <ChartCard title="党组织所属领域" option={opts.orgSector} testId="org-sector" onNavigate={go} />
        </Col>
        <Col {...col}>
          <ChartCard
            title="两新组织党组织覆盖"
            option={c.total ? opts.coverage : null}
            testId="coverage"
            onNavigate={go}
            extra={
              <Link to={`/coverage?orgId=${d.orgId}`} className="dash-card-note">
                覆盖名录
              </Link>
            }
            footer={
              <div className="dash-figures">
                {d.coverage.kinds.map((k) => (
                  <span key={k.kind}>
                    {k.label} <b>{pct(k.rate)}</b>
                  </span>
                ))}
              </div>
            }
          />
        </Col>
        <Col {...col}>
          <ChartCard
            title="发展党员"
            option={opts.development}
            testId="development"
            onNavigate={go}
            extra={
              d.development ? (
                <Link to={`/development?orgId=${d.orgId}`} className="dash-card-note">
                  发展看板
                </Link>
              ) : null
            }
            footer={
              d.development ? (
                <div className="dash-figures">
                  <span>
                    今年已发展 <b>{d.development.admittedThisYear}</b> 名
                  </span>
                  <span>
                    超期待办{' '}
                    <b style={{ color: d.development.overdue ? RED : undefined }}>{d.development.overdue}</b>{' '}
                    项
                  </span>
                </div>
              ) : null
            }
          />
        </Col>
        <Col {...col}>
          <ChartCard
            title="组织生活完成情况"
            option={
              d.compliance && d.compliance.met + d.compliance.missed + d.compliance.due + d.compliance.exempt
                ? opts.compliance
                : null
            }
            testId="compliance"
            onNavigate={go}
            note={d.compliance ? `${d.compliance.from} 至 ${d.compliance.to}` : undefined}
            footer={
              dues ? (
                <div className="dash-figures">
                  <Link to={duesLink}>
                    {dues.year}年{duesSpan}党费：应交 <b>{(dues.expectedFen / 100).toFixed(2)}</b> 元，已交{' '}
                    <b>{(dues.paidFen / 100).toFixed(2)}</b> 元
                  </Link>
                </div>
              ) : null
            }
          />
        </Col>
      </Row>
    </>
  );
}
