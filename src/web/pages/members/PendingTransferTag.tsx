import { Tag, Tooltip } from 'antd';
import type { Member } from '../../api/types';

/** 转出中 / 待接收: a pending internal transfer touching the member. */
export function PendingTransferTag({ pending }: { pending: Member['pendingTransfer'] }) {
  if (!pending) return null;
  const out = pending.direction === 'out';
  return (
    <Tooltip title={out ? `转往：${pending.otherOrgName}` : `来自：${pending.otherOrgName}`}>
      <Tag
        color={out ? 'orange' : 'purple'}
        data-testid="pending-transfer-tag"
        style={{ marginInlineEnd: 0 }}
      >
        {out ? '转出中' : '待接收'}
      </Tag>
    </Tooltip>
  );
}
