import { App } from 'antd';
import { useMemo } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useCreateMember } from '../../../api/hooks';
import type { MemberCreateBody } from '../../../api/types';
import { PageHeader } from '../../../components/PageHeader';
import { MemberForm, type MemberFormValues, toPayload } from './MemberForm';

/** 新增党员: opened from the member list, with the list's org (`?orgId=`) preselected. */
export default function MemberCreatePage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const create = useCreateMember();
  const { message } = App.useApp();
  const orgParam = params.get('orgId');
  const initial = useMemo<MemberFormValues>(
    () => ({
      orgId: orgParam && /^\d+$/.test(orgParam) ? Number(orgParam) : undefined,
      name: '',
      ethnicity: '01',
      category: 'probationary',
      status: 'active',
    }),
    [orgParam],
  );

  return (
    <div className="page">
      <PageHeader
        title="新增党员"
        subtitle="登记党员基本信息。身份证号将校验校验码，并与出生日期、性别核对。"
      />
      <MemberForm
        mode="create"
        initialValues={initial}
        onCancel={() => navigate(-1)}
        onSubmit={async (values) => {
          const payload = toPayload(values);
          const created = await create.mutateAsync(payload as MemberCreateBody);
          message.success('已登记');
          navigate(`/members/${created.id}`, { replace: true });
        }}
      />
    </div>
  );
}
