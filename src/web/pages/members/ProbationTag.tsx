import { Tag, Tooltip } from 'antd';
import type { Member } from '../../api/types';
import { fmtDate } from '../../format';

/**
 * 预备期满: a probationary member whose year (plus any extension) has passed; the branch should
 * discuss confirmation promptly (党章第七条, 发展党员工作细则). Nothing while probation runs.
 */
export function ProbationTag({ probation }: { probation: Member['probation'] }) {
  if (!probation?.overdue) return null;
  return (
    <Tooltip title={`预备期已于 ${fmtDate(probation.dueOn)} 届满，支部应及时讨论转正`}>
      <Tag color="volcano" data-testid="probation-overdue-tag" style={{ marginInlineEnd: 0 }}>
        预备期满
      </Tag>
    </Tooltip>
  );
}
