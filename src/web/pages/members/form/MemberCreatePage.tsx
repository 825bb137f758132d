import { App } from 'antd';
import { useMemo } from 'react';
import { useNavigate } from 'react-router';
import { z } from 'zod';
import { useCreateMember } from '../../../api/hooks';
import type { MemberCreateBody } from '../../../api/types';
import { PageHeader } from '../../../components/PageHeader';
import { param, useUrlFilters } from '../../../hooks/useUrlFilters';
import { MemberForm, type MemberFormValues, toPayload } from './MemberForm';

const prefillSchema = z.object({ orgId: param.int() });

/** 新增党员: opened from the member list, with the list's org (`?orgId=`) preselected. */
export default function MemberCreatePage() {
  const { filters } = useUrlFilters(prefillSchema);
  const navigate = useNavigate();
  const create = useCreateMember();
  const { message } = App.useApp();
  const orgParam = filters.orgId;
  const initial = useMemo<MemberFormValues>(
    () => ({
      orgId: orgParam,
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
