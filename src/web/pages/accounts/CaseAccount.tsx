import { UserAddOutlined } from '@ant-design/icons';
import { App, Button, Modal, Tag, Tooltip } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { AccountState } from '../../../shared/contracts/accounts';
import { type CaseSlip, useCaseAccount, useIssueForCase } from '../../api/accounts';
import { useMe } from '../../api/auth';
import { ApiError } from '../../api/client';
import { SlipCard } from './SlipsPage';

const STATE_LABELS: Record<AccountState, string> = {
  none: '未发放',
  pending: '待激活',
  active: '已激活',
  disabled: '已停用',
};
const STATE_COLORS: Record<AccountState, string> = {
  none: 'default',
  pending: 'gold',
  active: 'green',
  disabled: 'red',
};

/**
 * The account of a development case's person, on the case page (decision 0039, "Applicants and
 * activists"): its state, and 发放账号 for an open case without a member record, which opens the
 * printable slip. Shown only to those who issue accounts (account.issue).
 */
export function CaseAccount({ caseId, caseStatus }: { caseId: number; caseStatus: string }) {
  const { data: me } = useMe();
  const allowed = me?.permissions.includes('account.issue') ?? false;
  const account = useCaseAccount(caseId, allowed);
  const issue = useIssueForCase();
  const { message } = App.useApp();
  // Whether the slip replaced an older code: read at the click, the state refetches after it.
  const [slip, setSlip] = useState<{ slip: CaseSlip; replaced: boolean } | null>(null);
  const a = account.data;
  // 终止 or an admission changes the account on the server (its listener): read it again.
  const { refetch } = account;
  const seenStatus = useRef(caseStatus);
  useEffect(() => {
    if (seenStatus.current === caseStatus) return;
    seenStatus.current = caseStatus;
    if (allowed) void refetch();
  }, [caseStatus, allowed, refetch]);
  if (!allowed || !a) return null;

  const onIssue = async () => {
    try {
      const replaced = a.state === 'pending';
      setSlip({ slip: await issue.mutateAsync(caseId), replaced });
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : '发放失败，请稍后再试');
    }
  };

  return (
    <>
      <Tooltip title={a.username ? `用户名：${a.username}` : '本人尚无账号'}>
        <Tag color={STATE_COLORS[a.state]} data-testid="case-account-state" style={{ marginInlineEnd: 0 }}>
          账号{STATE_LABELS[a.state]}
          {a.codeLocked ? '（激活码已锁定）' : ''}
        </Tag>
      </Tooltip>
      {a.canIssue ? (
        <Button
          icon={<UserAddOutlined />}
          loading={issue.isPending}
          onClick={onIssue}
          data-testid="case-account-issue"
        >
          {a.state === 'none' ? '发放账号' : '重新发放激活码'}
        </Button>
      ) : null}
      <Modal
        open={slip !== null}
        title="账号激活单"
        onCancel={() => setSlip(null)}
        footer={[
          <Button key="print" onClick={() => window.print()}>
            打印
          </Button>,
          <Button key="ok" type="primary" onClick={() => setSlip(null)}>
            完成
          </Button>,
        ]}
      >
        {slip ? <SlipCard slip={slip.slip} title="账号激活单" /> : null}
        <p style={{ marginTop: 12, color: '#8c8c8c' }}>
          账号只能查看本人的发展进度，不含任何角色；接收为预备党员后自动转为党员账号。
          {slip?.replaced ? '旧的激活码已作废。' : ''}请当面交给本人。
        </p>
      </Modal>
    </>
  );
}
