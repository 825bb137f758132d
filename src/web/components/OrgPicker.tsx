import { Select, Space, Tag } from 'antd';
import { type CSSProperties, useMemo, useState } from 'react';
import { useOrg, useOrgSearch } from '../api/hooks';
import type { OrgSummary } from '../api/types';
import { useDebounced } from '../hooks/useDebounced';
import { orgKindLabel } from '../labels';

export interface OrgPickerProps {
  value?: number | null;
  onChange?: (value: number | undefined, org?: OrgSummary) => void;
  placeholder?: string;
  allowClear?: boolean;
  style?: CSSProperties;
  /** Orgs that may not be picked (e.g. the org being moved). */
  excludeIds?: number[];
  /** Only orgs passing this test are offered (e.g. branches only, for meetings). */
  filter?: (org: OrgSummary) => boolean;
  disabled?: boolean;
  testId?: string;
  id?: string;
  className?: string;
}

/**
 * Picks an org by searching name, pinyin or initials (`GET /api/orgs?q=`), within the user's
 * scope. Works as a controlled antd form control (value = org id).
 */
export function OrgPicker({
  value,
  onChange,
  placeholder = '输入名称或拼音搜索党组织',
  allowClear = true,
  style,
  excludeIds,
  filter,
  disabled,
  testId,
  id,
  className,
}: OrgPickerProps) {
  const [input, setInput] = useState('');
  const [open, setOpen] = useState(false);
  const q = useDebounced(input.trim(), 250);
  const search = useOrgSearch(q, undefined, open || q.length > 0);
  const selected = useOrg(value ?? undefined);

  const hits = search.data?.data ?? [];
  const options = useMemo(() => {
    const list = hits.filter((o) => !excludeIds?.includes(o.id) && (!filter || filter(o)));
    const opts = list.map((o) => ({
      value: o.id,
      label: o.name,
      org: o,
    }));
    if (value && !opts.some((o) => o.value === value)) {
      const name = selected.data?.name ?? (selected.isLoading ? '加载中…' : `党组织 #${value}`);
      opts.unshift({ value, label: name, org: selected.data as OrgSummary });
    }
    return opts;
  }, [hits, excludeIds, filter, value, selected.data, selected.isLoading]);

  return (
    <Select<number, (typeof options)[number]>
      id={id}
      className={className}
      value={value ?? undefined}
      onChange={(v, option) => {
        const picked = Array.isArray(option) ? undefined : option?.org;
        onChange?.(v ?? undefined, picked);
      }}
      onOpenChange={setOpen}
      showSearch={{ filterOption: false, onSearch: setInput }}
      options={options}
      optionRender={(option) => {
        const org = option.data.org as OrgSummary | undefined;
        return (
          <Space size={6} style={{ width: '100%', justifyContent: 'space-between' }}>
            <span style={{ whiteSpace: 'normal' }}>{option.data.label}</span>
            {org?.kind ? (
              <Tag variant="filled" style={{ marginInlineEnd: 0 }}>
                {orgKindLabel(org.kind)}
              </Tag>
            ) : null}
          </Space>
        );
      }}
      placeholder={placeholder}
      allowClear={allowClear}
      loading={search.isFetching}
      notFoundContent={search.isFetching ? '搜索中…' : '没有匹配的党组织'}
      style={{ minWidth: 200, ...style }}
      disabled={disabled}
      data-testid={testId ?? 'org-picker'}
    />
  );
}
