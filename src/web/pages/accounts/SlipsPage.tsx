import { PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Skeleton } from 'antd';
import dayjs from 'dayjs';
import { Link, useParams } from 'react-router';
import { type Slip, useSlips } from '../../api/accounts';
import { QueryError } from '../../components/QueryError';
import './accounts.css';

/** One slip: cut out along the dashed line and handed to the member (or to an applicant). */
export function SlipCard({
  slip,
  title = '党员账号激活单',
}: {
  slip: Pick<Slip, 'name' | 'orgName' | 'username' | 'code' | 'expiresAt'>;
  title?: string;
}) {
  return (
    <div className="slip" data-testid="slip">
      <div className="slip-head">
        <span>{slip.name}</span>
        <span>{title}</span>
      </div>
      <div>{slip.orgName}</div>
      <div>
        用户名：<b data-testid="slip-username">{slip.username}</b>
      </div>
      <div>
        激活码：
        <span className="slip-code" data-testid="slip-code">
          {slip.code}
        </span>
      </div>
      <div>有效期至：{dayjs(slip.expiresAt).format('YYYY年M月D日')}</div>
      <ol className="slip-howto">
        <li>手机打开本平台网址，点“激活账号”（或访问 /activate）；</li>
        <li>输入激活码和本人身份证号后6位，设置登录密码；</li>
        <li>之后可用用户名或档案中的手机号登录。激活码请勿转给他人。</li>
      </ol>
    </div>
  );
}

/**
 * 打印激活单 (`/accounts/batches/:id/slips`, without the side menu): the open slips of a batch, two
 * a row on A4. Each opening of the page is recorded in the audit log (the codes are shown in clear).
 */
export default function SlipsPage() {
  const id = Number(useParams().id);
  const slips = useSlips(Number.isInteger(id) ? id : 0);
  const d = slips.data;
  if (slips.error && !d) return <QueryError error={slips.error} onRetry={() => slips.refetch()} />;
  if (!d) return <Skeleton active style={{ padding: 24 }} />;
  return (
    <div className="slips-page" data-testid="slips-page">
      <div className="slips-toolbar">
        <div>
          <b>{d.batch.orgName}</b> · 激活单 {d.slips.length} 张（已激活或已重新发放的不再打印）
        </div>
        <div style={{ display: 'flex', gap: 8 }}>
          <Link to="/accounts">返回账号发放</Link>
          <Button
            type="primary"
            icon={<PrinterOutlined />}
            onClick={() => window.print()}
            data-testid="slips-print"
          >
            打印
          </Button>
        </div>
      </div>
      {d.slips.length === 0 ? (
        <Empty description="本批次没有待激活的激活单" />
      ) : (
        <>
          <Alert
            type="warning"
            showIcon
            style={{ margin: '0 16px 12px' }}
            className="slips-toolbar-note"
            title="激活码等同于初始密码：请当面发给本人，打印件用后销毁。本次打印已记入审计日志。"
          />
          <div className="slips">
            {d.slips.map((s) => (
              <SlipCard key={s.memberId} slip={s} />
            ))}
          </div>
        </>
      )}
    </div>
  );
}
