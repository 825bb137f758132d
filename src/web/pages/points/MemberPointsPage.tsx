import { Card, Col, Empty, Pagination, Row, Select, Skeleton, Statistic } from 'antd';
import dayjs from 'dayjs';
import { useParams } from 'react-router';
import { z } from 'zod';
import { useMemberPoints } from '../../api/points';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { paging, param, useUrlFilters } from '../../hooks/useUrlFilters';
import { yearOptions } from './common';
import { EntryList } from './EntryList';

const filterSchema = z.object({ year: param.int(), ...paging });

/** 积分明细 (`/points/members/:id?year=`): a member's yearly total, rank in the branch, every entry with its source. */
export default function MemberPointsPage() {
  const id = Number(useParams().id);
  const { filters, setFilters } = useUrlFilters(filterSchema);
  const thisYear = dayjs().year();
  const year = filters.year ?? thisYear;
  const q = useMemberPoints(id, year, filters.current, filters.pageSize);
  const l = q.data;
  return (
    <div className="page">
      <PageHeader
        title={l ? `${l.name}的积分` : '党员积分明细'}
        subtitle={l ? l.orgName : undefined}
        extra={
          <Select
            value={year}
            options={yearOptions(thisYear)}
            onChange={(y) => setFilters({ year: y === thisYear ? undefined : y, current: undefined })}
            style={{ width: 110 }}
            data-testid="member-points-year"
          />
        }
      />
      {q.error && !l ? (
        <QueryError error={q.error} onRetry={() => q.refetch()} />
      ) : !l ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
        <>
          <Card style={{ marginBottom: 16 }} data-testid="member-points-summary">
            <Row gutter={16}>
              <Col xs={12} md={6}>
                <Statistic title={`${l.year}年积分`} value={l.total} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic
                  title="支部名次"
                  value={l.branchRank === null ? '—' : `${l.branchRank} / ${l.branchSize}`}
                />
              </Col>
            </Row>
          </Card>
          <Card title="积分明细">
            {l.entries.data.length ? (
              <>
                <EntryList entries={l.entries.data} testId="member-points-entries" />
                <Pagination
                  style={{ marginTop: 12, textAlign: 'right' }}
                  current={filters.current}
                  pageSize={filters.pageSize}
                  total={l.entries.total}
                  onChange={(current, pageSize) => setFilters({ current, pageSize })}
                  showTotal={(t) => `共 ${t} 条`}
                />
              </>
            ) : (
              <Empty description="本年度尚无积分记录" />
            )}
          </Card>
        </>
      )}
    </div>
  );
}
