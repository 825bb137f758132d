import { App, Card, Result, Skeleton } from 'antd';
import { useMemo } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMember, useUpdateMember } from '../../../api/hooks';
import type { MemberPatchBody } from '../../../api/types';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { MemberForm, toPayload, valuesOf } from './MemberForm';

/** 编辑党员信息: sends only what changed; an empty 身份证号 / 手机号码 means unchanged. */
export default function MemberEditPage() {
  const params = useParams();
  const id = Number(params.id);
  const member = useMember(Number.isFinite(id) ? id : undefined);
  const update = useUpdateMember(id);
  const navigate = useNavigate();
  const { message } = App.useApp();
  const initial = useMemo(() => (member.data ? valuesOf(member.data) : undefined), [member.data]);

  if (member.isLoading) {
    return (
      <div className="page">
        <PageHeader title="编辑党员信息" />
        <Card>
          <Skeleton active paragraph={{ rows: 12 }} />
        </Card>
      </div>
    );
  }
  if (!member.data || !initial) return <QueryError error={member.error} />;
  const m = member.data;
  if (!m.abilities.update) {
    return <Result status="403" title="无权修改" subTitle="您没有修改该党员信息的权限。" />;
  }

  return (
    <div className="page">
      <PageHeader
        title={`编辑党员信息：${m.name}`}
        subtitle={
          <span>
            {m.orgName} · <Link to={`/members/${m.id}`}>返回档案</Link>
          </span>
        }
      />
      <MemberForm
        mode="edit"
        member={m}
        initialValues={initial}
        onCancel={() => navigate(`/members/${m.id}`)}
        onSubmit={async (values) => {
          const before = toPayload(initial);
          const after = toPayload(values);
          const patch: Record<string, unknown> = {};
          for (const [k, v] of Object.entries(after)) {
            if (k === 'orgId') continue;
            if (k === 'idNumber' || k === 'phone') {
              if (v) patch[k] = v;
              continue;
            }
            if (JSON.stringify(v ?? null) !== JSON.stringify(before[k] ?? null)) patch[k] = v;
          }
          if (Object.keys(patch).length === 0) {
            message.info('没有修改任何内容');
            return;
          }
          await update.mutateAsync(patch as MemberPatchBody);
          message.destroy();
          message.success('已保存');
          navigate(`/members/${m.id}`);
        }}
      />
    </div>
  );
}
