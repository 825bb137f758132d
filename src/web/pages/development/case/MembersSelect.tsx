import { Select, Tag } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { useMembers } from '../../../api/hooks';
import type { Member } from '../../../api/types';
import { useDebounced } from '../../../hooks/useDebounced';
import { memberCategoryLabel } from '../../../labels';

/**
 * Picks several members (培养联系人, 入党介绍人) by name or pinyin; the option shows the branch and
 * whether the member is a full member (only full members may serve; the server checks).
 */
export function MembersSelect({
  value,
  onChange,
  max,
  id,
  testId,
}: {
  value?: number[];
  onChange?: (value: number[]) => void;
  max: number;
  id?: string;
  testId?: string;
}) {
  const [input, setInput] = useState('');
  const [open, setOpen] = useState(false);
  const q = useDebounced(input.trim(), 250);
  const search = useMembers(
    { q: q || undefined, status: 'active', pageSize: 20, current: 1 },
    open || q.length > 0,
  );
  // Remember the picked members so their names stay when the search moves on.
  const known = useRef(new Map<number, Member>());
  for (const m of search.data?.data ?? []) known.current.set(m.id, m);

  const options = useMemo(() => {
    const list = (search.data?.data ?? []).map((m) => ({ value: m.id, label: m.name, member: m }));
    for (const v of value ?? []) {
      if (!list.some((o) => o.value === v)) {
        const m = known.current.get(v);
        list.unshift({ value: v, label: m?.name ?? `党员 #${v}`, member: m as Member });
      }
    }
    return list;
  }, [search.data, value]);

  return (
    <Select<number[], (typeof options)[number]>
      id={id}
      mode="multiple"
      value={value ?? []}
      onChange={(v) => onChange?.(v.slice(0, max))}
      onOpenChange={setOpen}
      showSearch={{ filterOption: false, onSearch: setInput }}
      options={options}
      maxCount={max}
      optionRender={(option) => {
        const m = option.data.member as Member | undefined;
        return (
          <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
            <span>
              {option.data.label}
              {m ? (
                <Tag
                  color={m.category === 'full' ? 'red' : 'orange'}
                  style={{ marginInlineStart: 6 }}
                  variant="filled"
                >
                  {memberCategoryLabel(m.category)}
                </Tag>
              ) : null}
            </span>
            {m ? <span className="muted small">{m.orgName}</span> : null}
          </div>
        );
      }}
      placeholder="输入姓名或拼音搜索党员"
      loading={search.isFetching}
      notFoundContent={search.isFetching ? '搜索中…' : '没有匹配的党员'}
      style={{ width: '100%' }}
      data-testid={testId}
    />
  );
}
