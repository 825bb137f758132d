import { EditOutlined, RollbackOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Input, Select, Skeleton, Tag, Typography } from 'antd';
import { type ReactNode, useMemo, useState } from 'react';
import { useMe, useRules } from '../../../api/hooks';
import type { Rule } from '../../../api/types';
import { FilterBar } from '../../../components/FilterBar';
import { MemberApp } from '../../../components/MemberApp';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { CONFIDENCE_COLORS, type Confidence, confidenceLabel } from '../../../labels';
import { fmtRuleValue } from '../ruleValue';
import { RuleEditModal, RuleResetModal } from './RuleModals';

/** Groups by id prefix, in this order; whatever matches none falls into 其他. */
const GROUPS: { key: string; title: string; prefix?: string }[] = [
  { key: 'branch', title: '党支部设置', prefix: 'branch.' },
  { key: 'term', title: '任期', prefix: 'term.' },
  { key: 'member', title: '党员', prefix: 'member.' },
  { key: 'other', title: '其他' },
];

const groupOf = (id: string) => GROUPS.find((g) => g.prefix && id.startsWith(g.prefix))?.key ?? 'other';

const confidenceOptions = (Object.keys(CONFIDENCE_COLORS) as Confidence[]).map((value) => ({
  value,
  label: confidenceLabel(value),
}));

function RuleItem({
  rule,
  canWrite,
  onEdit,
  onReset,
}: {
  rule: Rule;
  canWrite: boolean;
  onEdit: () => void;
  onReset: () => void;
}) {
  return (
    <div className="rule-item" data-testid="rule-item" data-rule-id={rule.id}>
      <div className="rule-title">{rule.title}</div>
      <div className="rule-side">
        <span
          className={rule.overridden ? 'rule-value rule-value-overridden' : 'rule-value'}
          data-testid="rule-value-text"
        >
          {fmtRuleValue(rule.value, rule.unit)}
        </span>
        {canWrite && rule.configurable ? (
          <span className="rule-actions">
            <Button size="small" icon={<EditOutlined />} onClick={onEdit} data-testid="rule-edit">
              修改
            </Button>
            {rule.overridden ? (
              <Button size="small" icon={<RollbackOutlined />} onClick={onReset} data-testid="rule-reset">
                恢复默认
              </Button>
            ) : null}
          </span>
        ) : null}
      </div>
      <div className="rule-body">
        <div className="rule-tags">
          <Tag
            color={CONFIDENCE_COLORS[rule.confidence]}
            style={{ marginInlineEnd: 0 }}
            data-testid="rule-confidence"
          >
            {confidenceLabel(rule.confidence)}
          </Tag>
          {rule.overridden ? (
            <Tag color="orange" style={{ marginInlineEnd: 0 }} data-testid="rule-overridden">
              已按本地规定调整（默认 {fmtRuleValue(rule.defaultValue, rule.unit)}）
            </Tag>
          ) : null}
          {canWrite && !rule.configurable ? (
            <Tag style={{ marginInlineEnd: 0 }} data-testid="rule-fixed">
              不可修改
            </Tag>
          ) : null}
        </div>
        <div className="rule-citation" data-testid="rule-citation">
          依据：{rule.citation}
        </div>
        {rule.note ? (
          <Typography.Paragraph
            type="secondary"
            className="rule-note"
            // A reader gets the whole note (no tiny 展开 to hit with a finger); an editor's list stays dense.
            ellipsis={
              canWrite
                ? { rows: 2, expandable: 'collapsible', symbol: (open) => (open ? '收起' : '展开') }
                : false
            }
          >
            {rule.note}
          </Typography.Paragraph>
        ) : null}
      </div>
    </div>
  );
}

/** 规则库: the regulations the system checks against, with values in force, sources and confidence. */
function PlainFrame({ children, className }: { children: ReactNode; className?: string }) {
  return <div className={className}>{children}</div>;
}

export default function RulesPage() {
  const { data: me } = useMe();
  const rules = useRules();
  const [q, setQ] = useState('');
  const [confidence, setConfidence] = useState<Confidence | undefined>();
  const [editing, setEditing] = useState<Rule | null>(null);
  const [resetting, setResetting] = useState<Rule | null>(null);
  const canWrite = me?.permissions.includes('settings.write') ?? false;

  const groups = useMemo(() => {
    const needle = q.trim();
    const shown = (rules.data ?? []).filter(
      (r) =>
        (!confidence || r.confidence === confidence) &&
        (!needle || [r.title, r.citation, r.note ?? ''].some((s) => s.includes(needle))),
    );
    return GROUPS.map((g) => ({ ...g, rules: shown.filter((r) => groupOf(r.id) === g.key) })).filter(
      (g) => g.rules.length > 0,
    );
  }, [rules.data, q, confidence]);

  const overridden = (rules.data ?? []).filter((r) => r.overridden).length;

  // A reader (a member on a phone) gets a member page's type and tap targets; an editor the desktop's.
  const Frame = canWrite ? PlainFrame : MemberApp;
  return (
    <Frame className="page">
      <PageHeader
        title="规则库"
        subtitle="系统检查党组织设置、任期和党员管理时依据的规定：现行取值、出处与可信度。"
      />
      {canWrite ? (
        <Alert
          type="info"
          showIcon
          title="可修改的规则按本地规定调整后立即生效，修改与恢复均须填写依据并记入审计日志；源自党章等的规则不可修改。"
          data-testid="rules-write-hint"
        />
      ) : null}
      <FilterBar>
        <Input
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder="搜索规则名称、依据或说明"
          prefix={<SearchOutlined />}
          allowClear
          style={{ width: 260 }}
          className="filter-wide"
          data-testid="rules-search"
        />
        <Select
          value={confidence}
          onChange={setConfidence}
          options={confidenceOptions}
          placeholder="全部可信度"
          allowClear
          style={{ width: 200 }}
          className="filter-wide"
          data-testid="rules-confidence"
        />
        {rules.data ? (
          <span className="muted small" style={{ alignSelf: 'center', minWidth: 0 }}>
            共 {rules.data.length} 条规则{overridden ? `，其中 ${overridden} 条已按本地规定调整` : ''}
          </span>
        ) : null}
      </FilterBar>
      {rules.error && !rules.data ? (
        <Card>
          <QueryError error={rules.error} onRetry={() => rules.refetch()} />
        </Card>
      ) : rules.isLoading ? (
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      ) : groups.length === 0 ? (
        <Card>
          <Empty description="没有符合条件的规则" />
        </Card>
      ) : (
        groups.map((g) => (
          <Card
            key={g.key}
            title={
              <span>
                {g.title}
                <span className="muted small" style={{ fontWeight: 400, marginInlineStart: 8 }}>
                  {g.rules.length} 条
                </span>
              </span>
            }
            styles={{ body: { paddingBlock: 0 } }}
            data-testid={`rule-group-${g.key}`}
          >
            {g.rules.map((r) => (
              <RuleItem
                key={r.id}
                rule={r}
                canWrite={canWrite}
                onEdit={() => setEditing(r)}
                onReset={() => setResetting(r)}
              />
            ))}
          </Card>
        ))
      )}
      {editing ? <RuleEditModal rule={editing} onClose={() => setEditing(null)} /> : null}
      {resetting ? <RuleResetModal rule={resetting} onClose={() => setResetting(null)} /> : null}
    </Frame>
  );
}
