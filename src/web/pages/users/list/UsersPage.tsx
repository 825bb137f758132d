import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { z } from 'zod';
import { exportsApi } from '../../../../shared/contracts/exports';
import { ADMINISTRATOR_ROLES } from '../../../../shared/contracts/permissions';
import { errorMessage } from '../../../api/client';
import { useMe, useUpdateUser, useUsers } from '../../../api/hooks';
import type { User, UserPatchBody } from '../../../api/types';
import { ExportButton } from '../../../components/ExportButton';
import { FilterBar, SearchInput } from '../../../components/FilterBar';
import { PagedTable } from '../../../components/PagedTable';
import { PageHeader } from '../../../components/PageHeader';
import { fmtDateTime } from '../../../format';
import { useIsPhone } from '../../../hooks/useMediaQuery';
import { paging, param, useUrlFilters } from '../../../hooks/useUrlFilters';
import { roleLabel } from '../../../labels';
import { RevokeModal, UserGrantModal, UserLinkModal } from './GrantModals';
import { type KnownOrgs, UserCreateModal, UserPasswordModal } from './UserModals';

function StatusTags({ user }: { user: User }) {
  return (
    <span className="role-tags" data-testid="user-status">
      {user.active ? null : <Tag>已停用</Tag>}
      {user.locked ? <Tag color="red">已锁定</Tag> : null}
      {user.mustChangePassword ? <Tag color="orange">待修改密码</Tag> : null}
      {user.active && !user.locked && !user.mustChangePassword ? <Tag color="green">正常</Tag> : null}
    </span>
  );
}

/** An administrator account takes no member link (separation of duties): no button to ask for one. */
const holdsAdminRole = (u: User) =>
  [...u.roles, ...u.pendingGrants.filter((g) => g.action === 'grant')].some((r) =>
    (ADMINISTRATOR_ROLES as readonly string[]).includes(r.role),
  );

type Dialog =
  | { kind: 'create' }
  | { kind: 'grant'; user: User }
  | { kind: 'link'; user: User }
  | { kind: 'password'; user: User }
  | { kind: 'revoke'; user: User; role: User['roles'][number] }
  | null;

const filterSchema = z.object({ q: param.text(), ...paging });

/**
 * 用户管理: accounts and their roles at orgs. The system administrator creates accounts, asks for
 * grants and member links (effective once approved or confirmed by someone else), deactivates,
 * unlocks and resets passwords; the security administrator reads the accounts and revokes roles.
 */
export default function UsersPage() {
  const { filters, setFilters: setParam } = useUrlFilters(filterSchema);
  const { data: me } = useMe();
  const isPhone = useIsPhone();
  const { q, current, pageSize } = filters;
  const list = useUsers({ q, current, pageSize });
  const update = useUpdateUser();
  const { message, modal } = App.useApp();
  const [dialog, setDialog] = useState<Dialog>(null);
  const canWrite = me?.permissions.includes('user.write') ?? false;
  const canPropose = me?.permissions.includes('grant.propose') ?? false;
  const canRevoke = me?.permissions.includes('grant.approve') ?? false;

  // Org names the sysadmin can know without org.read: their own scope and the roles listed here.
  const knownOrgs: KnownOrgs = useMemo(() => {
    const map = new Map<number, string>();
    for (const r of me?.scopeRoots ?? []) map.set(r.orgId, r.orgName);
    for (const u of list.data?.data ?? []) for (const r of u.roles) map.set(r.orgId, r.orgName);
    return map;
  }, [me, list.data]);

  const patch = async (user: User, body: UserPatchBody, done: string) => {
    try {
      await update.mutateAsync({ id: user.id, body });
      message.success(done);
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const deactivate = (user: User) =>
    modal.confirm({
      title: `停用用户“${user.displayName}”？`,
      content: '停用后该账号不能登录，已登录的会话立即失效；之后可随时重新启用。',
      okText: '停用',
      okButtonProps: { danger: true, 'data-testid': 'confirm-ok' },
      cancelText: '取消',
      onOk: () => patch(user, { active: false }, '已停用'),
    });

  const unlink = (user: User) =>
    modal.confirm({
      title: `解除“${user.displayName}”与党员档案的关联？`,
      content: '解除后该账号不再持有党员角色，看不到本人档案；已登录的会话立即失效。',
      okText: '解除关联',
      okButtonProps: { danger: true, 'data-testid': 'confirm-ok' },
      cancelText: '取消',
      onOk: () => patch(user, { unlinkMember: true }, '已解除关联'),
    });

  const username = (u: User) => (
    <span>
      <span className="mono" data-testid="user-username-cell">
        {u.username}
      </span>
      {u.id === me?.id ? (
        <Tag color="gold" style={{ marginInlineStart: 6, marginInlineEnd: 0 }}>
          本人
        </Tag>
      ) : null}
    </span>
  );

  const roleTags = (u: User) =>
    u.roles.length || u.pendingGrants.length || u.pendingMemberId ? (
      <span className="role-tags" data-testid="user-roles">
        {u.roles.map((r) => (
          <Tag
            key={`${r.role}-${r.orgId}`}
            color={r.role === 'member' ? 'default' : 'red'}
            variant="filled"
            closable={canRevoke && u.id !== me?.id}
            closeIcon={canRevoke ? <span data-testid="role-revoke">撤销</span> : undefined}
            onClose={(e) => {
              e.preventDefault();
              setDialog({ kind: 'revoke', user: u, role: r });
            }}
          >
            {roleLabel(r.role)} @ {r.orgName}
          </Tag>
        ))}
        {u.pendingGrants.map((g) => (
          <Tag key={`p${g.requestId}`} color="orange" variant="outlined" data-testid="user-pending-grant">
            待审批：{g.action === 'grant' ? '授予' : '撤销'} {roleLabel(g.role)} @ {g.orgName}
          </Tag>
        ))}
        {u.pendingMemberId ? (
          <Tag color="orange" variant="outlined" data-testid="user-pending-link">
            档案关联待确认（编号 {u.pendingMemberId}）
          </Tag>
        ) : null}
      </span>
    ) : (
      <span className="muted">未分配角色</span>
    );

  // On a phone: who (with status) | roles | actions, without sideways scrolling.
  const columns: ColumnsType<User> = isPhone
    ? [
        {
          title: '用户',
          key: 'user',
          width: 112,
          render: (_, u) => (
            <div className="user-cell">
              {username(u)}
              <div>{u.displayName}</div>
              <StatusTags user={u} />
            </div>
          ),
        },
        { title: '角色与管理范围', key: 'roles', render: (_, u) => roleTags(u) },
      ]
    : [
        { title: '用户名', key: 'username', width: 140, fixed: 'left', render: (_, u) => username(u) },
        { title: '姓名', dataIndex: 'displayName', width: 140 },
        { title: '角色与管理范围', key: 'roles', render: (_, u) => roleTags(u) },
        { title: '状态', key: 'status', width: 110, render: (_, u) => <StatusTags user={u} /> },
        {
          title: '创建时间',
          dataIndex: 'createdAt',
          width: 170,
          responsive: ['xl'],
          render: (v: string) => <span className="small">{fmtDateTime(v)}</span>,
        },
      ];

  if (canWrite) {
    columns.push({
      title: '操作',
      key: 'actions',
      width: isPhone ? 84 : 300,
      fixed: isPhone ? undefined : 'right',
      render: (_, u) => (
        <span className={isPhone ? 'user-actions user-actions-stacked' : 'user-actions'}>
          {canPropose && u.id !== me?.id ? (
            <Button
              type="link"
              size="small"
              onClick={() => setDialog({ kind: 'grant', user: u })}
              data-testid="user-grant"
            >
              申请授权
            </Button>
          ) : null}
          {u.memberId === null && u.pendingMemberId === null && u.id !== me?.id && !holdsAdminRole(u) ? (
            <Button
              type="link"
              size="small"
              onClick={() => setDialog({ kind: 'link', user: u })}
              data-testid="user-link"
            >
              关联党员
            </Button>
          ) : null}
          {u.memberId !== null ? (
            <Button type="link" size="small" onClick={() => unlink(u)} data-testid="user-unlink">
              解除关联
            </Button>
          ) : null}
          {u.active ? (
            <Button
              type="link"
              size="small"
              danger
              onClick={() => deactivate(u)}
              data-testid="user-deactivate"
            >
              停用
            </Button>
          ) : (
            <Button
              type="link"
              size="small"
              onClick={() => void patch(u, { active: true }, '已启用')}
              data-testid="user-activate"
            >
              启用
            </Button>
          )}
          {u.locked ? (
            <Button
              type="link"
              size="small"
              onClick={() => void patch(u, { unlock: true }, '已解锁')}
              data-testid="user-unlock"
            >
              解锁
            </Button>
          ) : null}
          <Button
            type="link"
            size="small"
            onClick={() => setDialog({ kind: 'password', user: u })}
            data-testid="user-password-reset"
          >
            重置密码
          </Button>
        </span>
      ),
    });
  }

  return (
    <div className="page">
      <PageHeader
        title="用户管理"
        subtitle="登录账号、角色及其管理范围。授予或撤销角色须经安全管理员审批，关联党员档案须经党员所在党组织确认；停用、重置密码或角色变更后，该用户已登录的会话立即失效。"
        extra={
          <>
            <ExportButton contract={exportsApi.users} query={{ q: q || undefined }} />
            {canWrite ? (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setDialog({ kind: 'create' })}
                data-testid="user-create"
              >
                新建用户
              </Button>
            ) : null}
          </>
        }
      />
      <FilterBar>
        <SearchInput
          value={q}
          onSearch={(text) => setParam({ q: text })}
          placeholder="用户名或姓名"
          width={240}
          className="filter-wide"
          testId="user-search"
        />
      </FilterBar>
      <PagedTable<User>
        query={list}
        columns={columns}
        current={current}
        pageSize={pageSize}
        onPageChange={setParam}
        totalText={(total) => <span data-testid="user-total">共 {total} 个用户</span>}
        emptyText="没有符合条件的用户"
        scroll={isPhone ? undefined : { x: 960 }}
        size={isPhone ? 'small' : 'middle'}
        data-testid="user-table"
      />
      {dialog?.kind === 'create' ? (
        <UserCreateModal
          knownOrgs={knownOrgs}
          onClose={() => setDialog(null)}
          onCreated={(username) => setParam({ q: username })}
        />
      ) : null}
      {dialog?.kind === 'grant' ? (
        <UserGrantModal user={dialog.user} knownOrgs={knownOrgs} onClose={() => setDialog(null)} />
      ) : null}
      {dialog?.kind === 'link' ? <UserLinkModal user={dialog.user} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'revoke' ? (
        <RevokeModal user={dialog.user} role={dialog.role} onClose={() => setDialog(null)} />
      ) : null}
      {dialog?.kind === 'password' ? (
        <UserPasswordModal user={dialog.user} onClose={() => setDialog(null)} />
      ) : null}
    </div>
  );
}
