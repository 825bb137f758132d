import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiGet, launchBrowser, login, newContext, screenshot } from './helpers.js';
import { startServer, type TestServer } from './server.js';

interface OrgSummary {
  id: number;
  name: string;
  kind: string;
  hasChildren: boolean;
}

const BRANCH_KINDS = ['branch', 'joint_branch'];

/** The path (root excluded) from a root down to the first branch, found breadth-first through the API. */
async function pathToBranch(page: Page, rootId: number): Promise<OrgSummary[]> {
  let frontier: { org: OrgSummary; path: OrgSummary[] }[] = [
    { org: { id: rootId, name: '', kind: 'committee', hasChildren: true }, path: [] },
  ];
  for (let depth = 0; depth < 6 && frontier.length; depth++) {
    const next: typeof frontier = [];
    for (const { org, path } of frontier.slice(0, 8)) {
      const children = await apiGet<{ data: OrgSummary[] }>(page, `/api/orgs/${org.id}/children`);
      for (const c of children.data) {
        if (BRANCH_KINDS.includes(c.kind) && path.length > 0) return [...path, c];
        if (c.hasChildren) next.push({ org: c, path: [...path, c] });
      }
    }
    frontier = next;
  }
  throw new Error('no branch found below a district');
}

const treeNode = (page: Page, id: number) => page.getByTestId(`tree-node-${id}`);
const switcher = (page: Page, id: number) =>
  page.locator('.ant-tree-treenode', { has: treeNode(page, id) }).locator('.ant-tree-switcher');

/** Journey (b): the city admin opens the org tree, expands a district and opens a branch. */
describe('admin: org tree', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await (await newContext(browser, server.url)).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('expands a district, opens a branch and shows 规则检查', async () => {
    await login(page, 'admin');
    await screenshot(page, 'home-admin-desktop');
    await page.getByTestId('menu-orgs').click();
    await page.getByTestId('org-tree').waitFor();

    const roots = await apiGet<OrgSummary[]>(page, '/api/orgs/roots');
    expect(roots.length).toBeGreaterThan(0);
    const root = roots[0]!;
    await treeNode(page, root.id).waitFor();

    const path = await pathToBranch(page, root.id);
    const district = path[0]!;
    const branch = path[path.length - 1]!;

    // The single root opens by itself; the district is visible and closed.
    await treeNode(page, district.id).waitFor();
    await page.getByTestId('org-name').waitFor();
    await screenshot(page, 'org-tree-root-desktop');

    for (const org of path.slice(0, -1)) {
      await switcher(page, org.id).click();
      const firstChildOnPath = path[path.indexOf(org) + 1]!;
      await treeNode(page, firstChildOnPath.id).waitFor();
    }
    await treeNode(page, branch.id).click();
    await page.waitForURL(new RegExp(`/orgs/${branch.id}$`));
    await expect
      .poll(() => page.getByTestId('org-name').innerText(), { timeout: 10_000 })
      .toContain(branch.name);

    const rules = page.getByTestId('org-violations');
    await rules.waitFor();
    expect(await rules.innerText()).toContain('规则检查');
    const org = await apiGet<{ violations: { message: string; citation: string }[] }>(
      page,
      `/api/orgs/${branch.id}`,
    );
    const alerts = rules.locator('[data-testid="violation"]');
    expect(await alerts.count()).toBe(org.violations.length);
    if (org.violations.length) {
      const first = await alerts.first().innerText();
      expect(first).toContain(org.violations[0]!.message.slice(0, 6));
      expect(first).toContain('依据');
    } else {
      await page.getByTestId('violations-ok').waitFor();
    }
    // Breadcrumbs run from the root to the branch.
    const crumbs = await page.getByTestId('org-breadcrumb').innerText();
    expect(crumbs).toContain(district.name);
    await screenshot(page, 'org-branch-desktop', true);
    await screenshot(page, 'org-branch-desktop-viewport');
  });

  it('finds an org by search and shows it in the tree', async () => {
    const roots = await apiGet<OrgSummary[]>(page, '/api/orgs/roots');
    const path = await pathToBranch(page, roots[0]!.id);
    const target = path[path.length - 1]!;
    await page.goto('/orgs');
    await page.getByTestId('org-tree').waitFor();
    const search = page.getByTestId('org-search');
    await search.click();
    await page.keyboard.type(target.name);
    const option = page.locator('.ant-select-item-option', { hasText: target.name }).first();
    await option.waitFor();
    await option.click();
    await page.waitForURL(new RegExp(`/orgs/${target.id}$`));
    await treeNode(page, target.id).waitFor();
    await expect
      .poll(() => page.getByTestId('org-name').innerText(), { timeout: 10_000 })
      .toContain(target.name);
  });
});
