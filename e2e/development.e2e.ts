import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiGet,
  DESKTOP,
  launchBrowser,
  login,
  me,
  newContext,
  screenshot,
  validIdNumber,
} from './helpers.js';
import { startServer, type TestServer } from './server.js';

interface MemberRow {
  id: number;
  name: string;
  category: string;
  status: string;
  joinedOn: string;
  confirmedOn: string | null;
}

interface CaseDetail {
  id: number;
  stage: string;
  status: string;
  version: string;
  memberId: number | null;
  next: { key: string }[];
}

/** The input of a control whose test id may sit on a wrapper (pickers, numbers). */
const inputOf = (page: Page, testId: string) =>
  page.getByTestId(testId).locator('xpath=descendant-or-self::input').first();

/** Types a date into an antd DatePicker and confirms it. */
async function pickDate(page: Page, testId: string, date: string) {
  const input = inputOf(page, testId);
  await input.click();
  await input.fill(date);
  await input.press('Enter');
  await expect.poll(() => input.inputValue(), { timeout: 5_000 }).toBe(date);
  await page.keyboard.press('Escape');
}

/** Types both dates into an antd RangePicker. */
async function pickRange(page: Page, testId: string, from: string, to: string) {
  const picker = page
    .getByTestId(testId)
    .locator('xpath=ancestor-or-self::div[contains(concat(" ", @class, " "), " ant-picker ")][1]');
  const inputs = picker.locator('input');
  await inputs.nth(0).click();
  await inputs.nth(0).fill(from);
  await inputs.nth(0).press('Enter');
  await inputs.nth(1).click();
  await inputs.nth(1).fill(to);
  await inputs.nth(1).press('Enter');
  await expect.poll(() => inputs.nth(0).inputValue(), { timeout: 5_000 }).toBe(from);
  await expect.poll(() => inputs.nth(1).inputValue(), { timeout: 5_000 }).toBe(to);
  await page.keyboard.press('Escape');
}

/** Opens a select (typing `search` when given) and picks the option whose text contains `label`. */
async function pickOption(page: Page, testId: string, label: string, search?: string) {
  const select = page.getByTestId(testId);
  await select.click();
  const input = select.locator('input').first();
  await expect.poll(() => input.getAttribute('aria-controls'), { timeout: 5_000 }).toBeTruthy();
  const listId = (await input.getAttribute('aria-controls'))!;
  const dropdown = page.locator('.ant-select-dropdown', { has: page.locator(`[id="${listId}"]`) });
  if (search) {
    await input.fill(search);
    // Member pickers search on the server after a pause and show the previous list meanwhile:
    // clicking then can hit a row that moves. Wait until every unpicked row matches the search.
    const unpicked = dropdown.locator('.ant-select-item-option:not(.ant-select-item-option-selected)');
    await expect
      .poll(
        async () => {
          const texts = await unpicked.allInnerTexts();
          return texts.length > 0 && texts.every((t) => t.includes(search));
        },
        { timeout: 15_000 },
      )
      .toBe(true);
  }
  // Never an already picked row: clicking it again would take it out of a multiple select.
  const option = dropdown
    .locator('.ant-select-item-option:not(.ant-select-item-option-selected)', { hasText: label })
    .first();
  await option.waitFor();
  await option.click();
  await page.keyboard.press('Escape');
}

async function fillNumber(page: Page, testId: string, value: number) {
  const input = inputOf(page, testId);
  await input.fill(String(value));
}

const recordsOf = (page: Page, key: string) => page.locator(`[data-testid^="record-${key}-"]`);

/**
 * 登记 the next step `key` on the case page: opens its form, sets the date, lets `fill` set the
 * step's own fields and waits for the record to appear in the dossier.
 */
async function recordStep(page: Page, key: string, on: string, fill?: () => Promise<void>) {
  const before = await recordsOf(page, key).count();
  await page.getByTestId(`record-${key}`).click();
  const modal = page.locator('.ant-modal-container').filter({ has: page.getByTestId('step-submit') });
  await modal.waitFor();
  await pickDate(page, 'step-on', on);
  if (fill) await fill();
  await page.getByTestId('step-note').fill(`${on} 登记（浏览器测试）`);
  await page.getByTestId('step-submit').click();
  // A form still open names what was refused: put it in the failure instead of a bare timeout.
  await modal.waitFor({ state: 'hidden', timeout: 15_000 }).catch(async () => {
    throw new Error(`step ${key} was not recorded; the form shows: ${await modal.innerText()}`);
  });
  await expect.poll(() => recordsOf(page, key).count(), { timeout: 15_000 }).toBe(before + 1);
}

/**
 * 发展党员 (issue #4). The demo branch secretary opens the board, enters a new application (2024, so
 * the case runs under the 2014 细则) and records the steps with correctly spaced dates; designating
 * the candidate before a full year as an activist is refused with the date and the rule. The steps
 * of the higher committee (training, pre-review, interview, approval) are recorded by the district
 * organization department; the secretary has no 登记 for them. After approval the person is in the
 * register as a probationary member whose 入党日期 is the branch meeting's date.
 */
describe('member development', () => {
  let server: TestServer;
  let browser: Browser;
  let secretaryContext: BrowserContext;
  let districtContext: BrowserContext;
  let page: Page;
  let district: Page;
  let branchId: number;
  let branchName: string;
  let caseId: number;
  let mentor: MemberRow;
  let sponsor: MemberRow;
  let fullMembers: number;
  const name = '司马振宇';
  const idNumber = validIdNumber('2001-04-18', 'male', 37, '620102');
  const VOTE_ON = '2026-03-20';
  /** The 细则 the case runs under, as the server fixed it when the case was opened. */
  let version = '';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    secretaryContext = await newContext(browser, server.url, DESKTOP);
    page = await secretaryContext.newPage();
    await page.emulateMedia({ reducedMotion: 'reduce' });
    districtContext = await newContext(browser, server.url, DESKTOP);
    district = await districtContext.newPage();
    await district.emulateMedia({ reducedMotion: 'reduce' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the branch’s development board with cases at every stage', async () => {
    await login(page, 'secretary');
    const who = await me(page);
    const role = who.roles.find((r) => r.role === 'secretary')!;
    branchId = role.orgId;
    branchName = role.orgName;

    // The 发展党员 group of the side menu (open it unless it already is).
    const item = page.getByTestId('menu-development');
    await page.getByTestId('menu-group-development').waitFor();
    if (!(await item.isVisible())) await page.getByTestId('menu-group-development').click();
    await item.click();
    await page.waitForURL(/\/development(\?|$)/);
    await page.getByTestId('dev-pipeline').waitFor();
    // The demo's showcase: someone at each of the four stages of an open case.
    for (const stage of ['applicant', 'activist', 'candidate', 'probationary']) {
      await expect
        .poll(
          async () => Number(/(\d+)/.exec(await page.getByTestId(`stage-${stage}`).innerText())?.[1] ?? 0),
          {
            timeout: 10_000,
          },
        )
        .toBeGreaterThan(0);
    }
    await screenshot(page, 'development-board-secretary-desktop', true);

    // Two full members of the branch, full since before the activist's designation and without a
    // discipline record: the mentor, then both sponsors.
    const list = await apiGet<{ data: MemberRow[] }>(
      page,
      `/api/members?orgId=${branchId}&category=full&status=active&pageSize=100`,
    );
    const total = await apiGet<{ total: number }>(
      page,
      `/api/members?orgId=${branchId}&category=full&status=active&pageSize=1`,
    );
    fullMembers = total.total;
    const clean: MemberRow[] = [];
    for (const m of list.data.filter((x) => (x.confirmedOn ?? '9999') < '2024-06-01')) {
      const records = await apiGet<unknown[] | { data: unknown[] }>(page, `/api/members/${m.id}/disciplines`);
      const n = Array.isArray(records) ? records.length : records.data.length;
      if (n === 0) clean.push(m);
      if (clean.length === 2) break;
    }
    expect(clean).toHaveLength(2);
    [mentor, sponsor] = clean as [MemberRow, MemberRow];
    expect(fullMembers).toBeGreaterThanOrEqual(3);
  });

  it('enters a new application from the board', async () => {
    await page.getByTestId('board-case-add').click();
    await page.waitForURL(/\/development\/cases\/new/);
    await page.getByTestId('case-form').waitFor();
    await pickOption(page, 'case-org', branchName, branchName.replace(/^中共/, '').slice(0, 3));
    await pickDate(page, 'case-appliedOn', '2024-09-02');
    await page.getByTestId('case-name').fill(name);
    await page.getByTestId('case-idNumber').fill(idNumber);
    await expect
      .poll(() => page.getByTestId('case-id-read').innerText(), { timeout: 5_000 })
      .toContain('2001-04-18');
    await pickOption(page, 'case-education', '大学本科');
    await page.getByTestId('case-phone').fill('13919001234');
    await page.getByTestId('case-workUnit').fill('兰州市城关区畅家巷社区居民委员会');
    await page.getByTestId('case-submit').click();
    await page.waitForURL(/\/development\/cases\/\d+$/);
    caseId = Number(/\/development\/cases\/(\d+)/.exec(page.url())?.[1]);
    await expect.poll(() => page.getByTestId('case-name').innerText()).toBe(name);
    const detail = await apiGet<CaseDetail>(page, `/api/development/cases/${caseId}`);
    version = detail.version;
    expect(detail.stage).toBe('applicant');
    await expect.poll(() => page.getByTestId('case-version').innerText()).toContain(version);
  });

  it('records the talk, the activist and the assessments', async () => {
    await recordStep(page, 'application_talk', '2024-09-16', async () => {
      await page.getByTestId('step-talkerName').fill('张书记');
    });
    await recordStep(page, 'activist_designated', '2024-12-10');
    await recordStep(page, 'activist_filed', '2024-12-16');
    await recordStep(page, 'mentors_assigned', '2024-12-20', async () => {
      await pickOption(page, 'step-mentorIds', mentor.name, mentor.name);
    });
    await recordStep(page, 'activist_assessment', '2025-06-05');
    await recordStep(page, 'activist_assessment', '2025-12-01');
    await expect.poll(() => page.getByTestId('case-stage').innerText()).toContain('积极分子');
    await screenshot(page, 'development-case-activist-desktop', true);
  });

  it('refuses a candidate designated before a full year as an activist, with the date and the rule', async () => {
    await page.getByTestId('record-candidate_designated').click();
    const modal = page.locator('.ant-modal-container').filter({ has: page.getByTestId('step-submit') });
    await modal.waitFor();
    await pickDate(page, 'step-on', '2025-12-05');
    await page.getByTestId('step-submit').click();
    const error = modal.getByTestId('form-error');
    await error.waitFor();
    await expect.poll(() => error.innerText(), { timeout: 10_000 }).toContain('须在');
    const text = await error.innerText();
    expect(text).toContain('2025-12-10');
    expect(text).toContain('《中国共产党发展党员工作细则》第十三条');
    await screenshot(page, 'development-step-refused-desktop');

    // One year after 2024-12-10: accepted.
    await pickDate(page, 'step-on', '2025-12-12');
    await page.getByTestId('step-submit').click();
    await modal.waitFor({ state: 'hidden', timeout: 15_000 });
    await expect.poll(() => recordsOf(page, 'candidate_designated').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => page.getByTestId('case-stage').innerText()).toContain('发展对象');
  });

  it('files the candidate, names two full members as sponsors, and passes the political review', async () => {
    // 2014: the branch files with the higher committee, no public notice. 2026: the higher committee
    // consents (its step) and the candidate is on notice for five working days (Fri 19 to Thu 25
    // December 2025); the sponsors come after it.
    if (version === '2026') {
      expect(await page.getByTestId('record-candidate_filed').count()).toBe(0);
      await login(district, 'district');
      await district.goto(`/development/cases/${caseId}`);
      await district.getByTestId('next-candidate_filed').waitFor();
      await recordStep(district, 'candidate_filed', '2025-12-18', async () => {
        await pickRange(district, 'step-notice', '2025-12-19', '2025-12-25');
        await expect.poll(() => district.getByTestId('notice-working-days').innerText()).toContain('5');
      });
      await page.reload();
      await page.getByTestId('next-sponsors_assigned').waitFor();
    } else {
      await recordStep(page, 'candidate_filed', '2025-12-18', async () => {
        expect(await page.getByTestId('step-notice').count()).toBe(0);
      });
    }
    await recordStep(page, 'sponsors_assigned', '2025-12-29', async () => {
      await pickOption(page, 'step-sponsorIds', mentor.name, mentor.name);
      await pickOption(page, 'step-sponsorIds', sponsor.name, sponsor.name);
      // Both picks must have landed before submitting (a slow dropdown can swallow the second).
      await expect
        .poll(() => page.getByTestId('step-sponsorIds').locator('.ant-select-selection-item').count(), {
          timeout: 10_000,
        })
        .toBe(2);
    });
    await recordStep(page, 'political_review', '2026-01-20', async () => {
      await page.getByTestId('step-reviewConclusion').getByText('合格', { exact: true }).click();
    });
    // Training is the higher committee's: no 登记 for the branch, a hint who does it.
    await page.getByTestId('next-training').waitFor();
    expect(await page.getByTestId('record-training').count()).toBe(0);
    await expect.poll(() => page.getByTestId('higher-hint').first().innerText()).toContain('上级党委');
  });

  it('lets the district record the training, then the branch its committee review', async () => {
    if (version !== '2026') await login(district, 'district');
    await district.goto(`/development/cases/${caseId}`);
    await district.getByTestId('next-training').waitFor();
    await recordStep(district, 'training', '2026-02-05', async () => {
      await pickRange(district, 'step-training', '2026-02-02', '2026-02-04');
      await fillNumber(district, 'step-hours', 24);
      await district.getByTestId('step-organizer').fill('中共兰州市城关区委党校');
    });

    await page.reload();
    await page.getByTestId('next-committee_review').waitFor();
    await recordStep(page, 'committee_review', '2026-02-24');
  });

  it('pre-review by the district, the volunteer form and the branch meeting’s vote', async () => {
    await district.reload();
    await district.getByTestId('next-higher_pre_review').waitFor();
    await recordStep(district, 'higher_pre_review', '2026-03-05', async () => {
      await district.getByTestId('step-outcome').getByText('预审通过', { exact: true }).click();
    });

    await page.reload();
    await page.getByTestId('next-volunteer_form').waitFor();
    await recordStep(page, 'volunteer_form', '2026-03-10');
    // 应到 is the register's count of full members with a vote on the meeting day, not today's.
    const onVoteDay = (
      await apiGet<{ votingMembers: number }>(page, `/api/development/cases/${caseId}/register?on=${VOTE_ON}`)
    ).votingMembers;
    expect(onVoteDay).toBeGreaterThanOrEqual(3);
    await recordStep(page, 'admission_vote', VOTE_ON, async () => {
      await expect.poll(() => page.getByTestId('vote-register').innerText()).toContain(`${onVoteDay} 人`);
      await expect.poll(() => inputOf(page, 'vote-expected').inputValue()).toBe(String(onVoteDay));
      // Another number asks for the reason; the register's number needs none.
      await fillNumber(page, 'vote-expected', onVoteDay - 1);
      await page.getByTestId('step-expectedVotingReason').waitFor();
      await screenshot(page, 'development-vote-expected-differs-desktop');
      await fillNumber(page, 'vote-expected', onVoteDay);
      await page.getByTestId('step-expectedVotingReason').waitFor({ state: 'detached' });
      await fillNumber(page, 'vote-present', onVoteDay - 3);
      await fillNumber(page, 'vote-for', onVoteDay - 4);
      await fillNumber(page, 'vote-against', 0);
      await fillNumber(page, 'vote-abstain', 1);
      await expect.poll(() => page.getByTestId('vote-outcome').first().innerText()).toContain('通过');
    });
    // Interview and approval belong to the higher committee: the secretary cannot record them.
    await page.getByTestId('next-higher_interview').waitFor();
    expect(await page.getByTestId('record-higher_interview').count()).toBe(0);
    expect(await page.getByTestId('record-admission_approval').count()).toBe(0);
    await screenshot(page, 'development-case-awaiting-approval-desktop', true);
  });

  it('the district interviews and approves; the member is in the register as 预备党员', async () => {
    await district.reload();
    await district.getByTestId('next-higher_interview').waitFor();
    await recordStep(district, 'higher_interview', '2026-03-30', async () => {
      await district.getByTestId('step-talkerName').fill('李组织员');
    });
    await recordStep(district, 'admission_approval', '2026-04-15', async () => {
      await district.getByTestId('step-outcome').getByText('批准', { exact: true }).click();
    });
    await expect.poll(() => district.getByTestId('case-stage').innerText()).toContain('预备党员');
    await screenshot(district, 'development-case-approved-district-desktop', true);

    const detail = await apiGet<CaseDetail>(district, `/api/development/cases/${caseId}`);
    expect(detail.stage).toBe('probationary');
    expect(detail.memberId).toBeGreaterThan(0);

    // The secretary finds the new member in 党员名册.
    await page.getByTestId('menu-members').click();
    await page.waitForURL(/\/members$/);
    await page.getByTestId('filter-q').fill(name);
    await page.getByTestId('filter-q').press('Enter');
    const row = page.locator('[data-testid="member-table"] tbody tr.ant-table-row', { hasText: name });
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    const text = await row.innerText();
    expect(text).toContain('预备党员');
    expect(text).toContain(VOTE_ON);
    const member = await apiGet<MemberRow>(page, `/api/members/${detail.memberId}`);
    expect(member.category).toBe('probationary');
    expect(member.joinedOn).toBe(VOTE_ON);
    expect(member.name).toBe(name);
    await screenshot(page, 'development-register-secretary-desktop');
  });

  it('runs the case under the 细则 the deployment chose when it was entered', () => {
    // Decision (docs/decisions/0024-member-development.md): the version is fixed when the case is entered into the
    // system (development.version, 2026 by default) and kept afterwards; paper-era cases keep their
    // old records outside the system.
    expect(version).toBe('2026');
  });
});
