import { HomeOutlined } from '@ant-design/icons';
import { Breadcrumb } from 'antd';
import type { Me, OrgSummary } from '../api/types';

/** The ancestors of an org (root first) that lie in the user's scope: the steps back up a drill-down. */
export function scopedAncestors(me: Me | undefined, ancestors: OrgSummary[] | undefined): OrgSummary[] {
  return (ancestors ?? []).filter((org) =>
    me?.scopeRoots.some((r) => org.path === r.path || org.path.startsWith(`${r.path}.`)),
  );
}

/**
 * The breadcrumb of a drill-down page (dashboards by org): the org shown last as plain text, each
 * ancestor a link (`hrefOf`, for opening in a new tab) that `onOpen` follows in place.
 */
export function OrgBreadcrumb({
  crumbs,
  currentId,
  hrefOf,
  onOpen,
  testId,
}: {
  crumbs: OrgSummary[];
  currentId: number | undefined;
  hrefOf: (orgId: number) => string;
  onOpen: (orgId: number) => void;
  testId?: string;
}) {
  return (
    <Breadcrumb
      style={{ marginTop: 12 }}
      data-testid={testId}
      items={crumbs.map((a, i) => ({
        key: a.id,
        title:
          a.id === currentId ? (
            <span>
              {i === 0 ? <HomeOutlined style={{ marginInlineEnd: 4 }} /> : null}
              {a.name}
            </span>
          ) : (
            <a
              href={hrefOf(a.id)}
              onClick={(e) => {
                e.preventDefault();
                onOpen(a.id);
              }}
            >
              {i === 0 ? <HomeOutlined style={{ marginInlineEnd: 4 }} /> : null}
              {a.name}
            </a>
          ),
      }))}
    />
  );
}
