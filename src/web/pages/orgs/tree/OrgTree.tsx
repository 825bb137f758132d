import { Empty, Spin, Tag, Tree, type TreeDataNode } from 'antd';
import { forwardRef, useCallback, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { fetchOrgAncestors, fetchOrgChildren, useOrgRoots } from '../../../api/hooks';
import type { OrgSummary } from '../../../api/types';

interface OrgNode extends TreeDataNode {
  key: string;
  /** Absent on a "load more" node (`more` below). */
  org?: OrgSummary;
  children?: OrgNode[];
  /** A "load more" node: the parent's next page of children, and how many are loaded of how many. */
  more?: { parentKey: string; next: number; loaded: number; total: number };
}

const toNode = (org: OrgSummary): OrgNode => ({
  key: String(org.id),
  title: org.name,
  org,
  isLeaf: !org.hasChildren,
});

const MORE = 'more:';

/** The loaded children of a parent, followed by a node that loads the next page if any is left. */
function childNodes(parentKey: string, loaded: OrgNode[], total: number, next: number): OrgNode[] {
  if (loaded.length >= total) return loaded;
  return [
    ...loaded,
    {
      key: `${MORE}${parentKey}`,
      title: '',
      isLeaf: true,
      selectable: true,
      more: { parentKey, next, loaded: loaded.length, total },
    },
  ];
}

function withChildren(nodes: OrgNode[], key: string, children: OrgNode[]): OrgNode[] {
  return nodes.map((n) => {
    if (n.key === key) return { ...n, children, isLeaf: children.length === 0 };
    if (n.children) return { ...n, children: withChildren(n.children, key, children) };
    return n;
  });
}

function findNode(nodes: OrgNode[], key: string): OrgNode | undefined {
  for (const n of nodes) {
    if (n.key === key) return n;
    if (n.children) {
      const hit = findNode(n.children, key);
      if (hit) return hit;
    }
  }
  return undefined;
}

export interface OrgTreeHandle {
  /** Loads and expands the path from a scope root down to `id`, then selects it. */
  reveal(id: number): Promise<void>;
}

export interface OrgTreeProps {
  selectedId?: number;
  asOf?: string;
  onSelect: (id: number) => void;
}

/**
 * The org tree, loaded lazily: roots from `/api/orgs/roots`, children on expand from
 * `/api/orgs/:id/children` (with `asOf` for the history view). Never loads the whole tree.
 */
export const OrgTree = forwardRef<OrgTreeHandle, OrgTreeProps>(function OrgTree(
  { selectedId, asOf, onSelect },
  ref,
) {
  const roots = useOrgRoots(true, asOf);
  const [treeData, setTreeData] = useState<OrgNode[]>([]);
  const [expandedKeys, setExpandedKeys] = useState<string[]>([]);
  const [loadedKeys, setLoadedKeys] = useState<string[]>([]);
  const treeRef = useRef<OrgNode[]>([]);
  const containerRef = useRef<HTMLDivElement>(null);

  // The first page of a node's children (a node with hundreds shows "load more" after them).
  const loadChildren = useCallback(
    async (key: string) => {
      const page = await fetchOrgChildren(Number(key), asOf);
      const children = childNodes(key, page.data.map(toNode), page.total, 2);
      treeRef.current = withChildren(treeRef.current, key, children);
      setTreeData(treeRef.current);
      setLoadedKeys((keys) => (keys.includes(key) ? keys : [...keys, key]));
      return children;
    },
    [asOf],
  );

  /** The page after those loaded, in place of the "load more" node. */
  const loadNextPage = useCallback(
    async (more: NonNullable<OrgNode['more']>) => {
      const parent = findNode(treeRef.current, more.parentKey);
      const loaded = (parent?.children ?? []).filter((c) => !c.more);
      const page = await fetchOrgChildren(Number(more.parentKey), asOf, more.next);
      const seen = new Set(loaded.map((c) => c.key));
      const all = [...loaded, ...page.data.map(toNode).filter((n) => !seen.has(n.key))];
      // A page that brought nothing new (the list changed meanwhile) ends the list.
      const total = all.length > loaded.length ? page.total : all.length;
      treeRef.current = withChildren(
        treeRef.current,
        more.parentKey,
        childNodes(more.parentKey, all, total, more.next + 1),
      );
      setTreeData(treeRef.current);
    },
    [asOf],
  );

  /** `loadNextPage` once at a time per parent: a double click would read the same page twice. */
  const loading = useRef(new Map<string, Promise<void>>());
  const loadMore = useCallback(
    (more: NonNullable<OrgNode['more']>) => {
      const pending = loading.current.get(more.parentKey);
      if (pending) return pending;
      const done = loadNextPage(more).finally(() => loading.current.delete(more.parentKey));
      loading.current.set(more.parentKey, done);
      return done;
    },
    [loadNextPage],
  );

  const scrollToKey = useCallback((key: string) => {
    setTimeout(() => {
      const el = containerRef.current?.querySelector(`[data-org-id="${key}"]`);
      el?.scrollIntoView({ block: 'nearest' });
    }, 50);
  }, []);

  const reveal = useCallback(
    async (id: number) => {
      const ancestors = (await fetchOrgAncestors(id)).filter((a) => a.id !== id);
      const chain = ancestors.map((a) => String(a.id));
      // Start from the deepest ancestor that is one of the tree's roots.
      const rootKeys = treeRef.current.map((n) => n.key);
      let start = -1;
      for (let i = 0; i < chain.length; i++) if (rootKeys.includes(chain[i]!)) start = i;
      const toExpand = start < 0 ? [] : chain.slice(start);
      for (const [i, key] of toExpand.entries()) {
        const node = findNode(treeRef.current, key);
        if (node && !node.children) await loadChildren(key);
        // The next org of the chain may lie beyond the pages loaded: load on until it is shown.
        const child = toExpand[i + 1] ?? String(id);
        for (;;) {
          const kids = findNode(treeRef.current, key)?.children ?? [];
          const more = kids.find((c) => c.more)?.more;
          if (kids.some((c) => c.key === child) || !more) break;
          await loadMore(more);
        }
      }
      if (toExpand.length) setExpandedKeys((keys) => [...new Set([...keys, ...toExpand])]);
      scrollToKey(String(id));
    },
    [loadChildren, loadMore, scrollToKey],
  );

  useImperativeHandle(ref, () => ({ reveal }), [reveal]);

  const selectedRef = useRef(selectedId);
  selectedRef.current = selectedId;

  // (Re)build the roots when they arrive or when the history date changes; a single root is
  // opened right away, and the selected org (from the address) is shown in place.
  useEffect(() => {
    if (!roots.data) return;
    const nodes = roots.data.map(toNode);
    treeRef.current = nodes;
    setTreeData(nodes);
    setLoadedKeys([]);
    setExpandedKeys([]);
    void (async () => {
      const only = nodes.length === 1 ? nodes[0] : undefined;
      if (only && !only.isLeaf) {
        await loadChildren(only.key);
        setExpandedKeys((keys) => [...new Set([...keys, only.key])]);
      }
      const target = selectedRef.current;
      if (target && !nodes.some((n) => n.key === String(target))) await reveal(target).catch(() => {});
    })();
  }, [roots.data, loadChildren, reveal]);

  if (roots.isLoading) {
    return (
      <div style={{ padding: 24, textAlign: 'center' }}>
        <Spin />
      </div>
    );
  }
  if (!treeData.length)
    return <Empty description="没有可查看的党组织" image={Empty.PRESENTED_IMAGE_SIMPLE} />;

  return (
    <div className="org-tree-scroll" ref={containerRef} data-testid="org-tree">
      <Tree<OrgNode>
        blockNode
        showLine={{ showLeafIcon: false }}
        treeData={treeData}
        expandedKeys={expandedKeys}
        loadedKeys={loadedKeys}
        selectedKeys={selectedId ? [String(selectedId)] : []}
        onExpand={(keys) => setExpandedKeys(keys.map(String))}
        loadData={async (node) => {
          await loadChildren(node.key);
        }}
        onSelect={(_keys, info) => {
          if (info.node.more) void loadMore(info.node.more);
          else if (info.node.org) onSelect(info.node.org.id);
        }}
        titleRender={(node) =>
          node.more ? (
            <span className="muted small" data-testid={`tree-more-${node.more.parentKey}`}>
              加载更多（已显示 {node.more.loaded} / 共 {node.more.total} 个）
            </span>
          ) : node.org ? (
            <span className="tree-node" data-org-id={node.key} data-testid={`tree-node-${node.key}`}>
              <span>{node.org.name}</span>
              {node.org.status === 'dissolved' ? (
                <Tag color="default" style={{ marginInlineEnd: 0 }}>
                  已撤销
                </Tag>
              ) : null}
              <span className="muted small tree-count">{node.org.memberCount}人</span>
            </span>
          ) : null
        }
      />
    </div>
  );
});
