import { Select } from 'antd';
import { type CSSProperties, useMemo, useState } from 'react';
import { useMember, useMembers } from '../api/hooks';
import type { Member } from '../api/types';
import { useDebounced } from '../hooks/useDebounced';

export interface MemberPickerProps {
  value?: number | null;
  onChange?: (value: number | undefined, member?: Member) => void;
  /** Search within this org's subtree only. */
  orgId?: number;
  placeholder?: string;
  style?: CSSProperties;
  disabled?: boolean;
  testId?: string;
  id?: string;
}

/** Picks a member by name or pinyin (`GET /api/members?q=`), optionally within an org's subtree. */
export function MemberPicker({
  value,
  onChange,
  orgId,
  placeholder = '输入姓名或拼音搜索党员',
  style,
  disabled,
  testId,
  id,
}: MemberPickerProps) {
  const [input, setInput] = useState('');
  const [open, setOpen] = useState(false);
  const q = useDebounced(input.trim(), 250);
  const search = useMembers({ q: q || undefined, orgId, pageSize: 20, current: 1 }, open || q.length > 0);
  const selected = useMember(value ?? undefined);

  const options = useMemo(() => {
    const list = (search.data?.data ?? []).map((m) => ({ value: m.id, label: m.name, member: m }));
    if (value && !list.some((o) => o.value === value)) {
      list.unshift({
        value,
        label: selected.data?.name ?? (selected.isLoading ? '加载中…' : `党员 #${value}`),
        member: selected.data as Member,
      });
    }
    return list;
  }, [search.data, value, selected.data, selected.isLoading]);

  return (
    <Select<number, (typeof options)[number]>
      id={id}
      value={value ?? undefined}
      onChange={(v, option) => onChange?.(v ?? undefined, Array.isArray(option) ? undefined : option?.member)}
      onOpenChange={setOpen}
      showSearch={{ filterOption: false, onSearch: setInput }}
      options={options}
      optionRender={(option) => {
        const m = option.data.member as Member | undefined;
        return (
          <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
            <span>{option.data.label}</span>
            {m ? <span className="muted small">{m.orgName}</span> : null}
          </div>
        );
      }}
      placeholder={placeholder}
      allowClear
      loading={search.isFetching}
      notFoundContent={search.isFetching ? '搜索中…' : '没有匹配的党员'}
      style={{ minWidth: 200, ...style }}
      disabled={disabled}
      data-testid={testId ?? 'member-picker'}
    />
  );
}
