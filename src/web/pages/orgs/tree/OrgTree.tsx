import { Empty, Spin, Tag, Tree, type TreeDataNode } from 'antd';
import { forwardRef, useCallback, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { fetchOrgAncestors, fetchOrgChildren, useOrgRoots } from '../../../api/hooks';
import type { OrgSummary } from '../../../api/types';

interface OrgNode extends TreeDataNode {
  key: string;
  org: OrgSummary;
  children?: OrgNode[];
}

const toNode = (org: OrgSummary): OrgNode => ({
  key: String(org.id),
  title: org.name,
  org,
  isLeaf: !org.hasChildren,
});

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

  const loadChildren = useCallback(
    async (key: string) => {
      const children = (await fetchOrgChildren(Number(key), asOf)).map(toNode);
      treeRef.current = withChildren(treeRef.current, key, children);
      setTreeData(treeRef.current);
      setLoadedKeys((keys) => (keys.includes(key) ? keys : [...keys, key]));
      return children;
    },
    [asOf],
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
      for (const key of toExpand) {
        const node = findNode(treeRef.current, key);
        if (node && !node.children) await loadChildren(key);
      }
      if (toExpand.length) setExpandedKeys((keys) => [...new Set([...keys, ...toExpand])]);
      scrollToKey(String(id));
    },
    [loadChildren, scrollToKey],
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
        onSelect={(_keys, info) => onSelect(info.node.org.id)}
        titleRender={(node) => (
          <span className="tree-node" data-org-id={node.key} data-testid={`tree-node-${node.key}`}>
            <span>{node.org.name}</span>
            {node.org.status === 'dissolved' ? (
              <Tag color="default" style={{ marginInlineEnd: 0 }}>
                已撤销
              </Tag>
            ) : null}
            <span className="muted small tree-count">{node.org.memberCount}人</span>
          </span>
        )}
      />
    </div>
  );
});
