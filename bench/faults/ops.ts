// The four writes the server is killed in the middle of. Each operation prepares its next attempt
// through the API (a validated import, unpaid members, the org's other parent, the rule's other
// value), fires it, and says what the database must hold afterwards whichever way the kill fell:
// the check (checks.ts) compares the data with that expectation.
import { todayInZone } from '../../src/domain/common/dates.js';
import { addMonthsTo, monthOf } from '../../src/domain/dues/months.js';
import { type Answer, type Client, expectStatus } from './http.js';
import { sleep } from './server.js';
import { membersWorkbook } from './workbook.js';

export type OpName = 'import' | 'batch' | 'move' | 'rules';
export const OP_NAMES: OpName[] = ['import', 'batch', 'move', 'rules'];
export const OP_LABELS: Record<OpName, string> = {
  import: 'import commit',
  batch: 'dues batch payment',
  move: 'subtree move',
  rules: 'compliance recompute (rule override)',
};

/** What a round attempted; checks.ts decides from the data whether it happened wholly or not at all. */
export type Attempt =
  | { op: 'import'; importId: number; rows: number }
  | { op: 'batch'; key: string; month: string; memberIds: number[] }
  | { op: 'move'; orgId: number; from: number; to: number; parents: [number, number] }
  | { op: 'rules'; ruleId: string; from: unknown; to: unknown; values: [unknown, unknown] };

export interface Fired {
  attempt: Attempt;
  /** Resolves when the operation is known finished (its answer, or the import seen committed). */
  done: Promise<void>;
  /** The moment from which the kill delay counts (the import: its 202, the work then runs on). */
  armedAt: number;
}

/** What the run found in the demo (targets.ts). */
export interface Targets {
  rootId: number;
  branches: string[];
  moveOrgId: number;
  moveParents: [number, number];
  ruleId: string;
  ruleValues: [unknown, unknown];
}

const REASON = '故障注入测试（bench/faults）';
export const today = () => todayInZone(new Date());

export class Operations {
  private importId: number | null = null;
  private workbooks = 0;
  private batches = 0;

  constructor(
    private readonly admin: Client,
    private readonly configurator: Client,
    private readonly targets: Targets,
    private readonly opts: { importRows: number; batchSize: number; runTag: string; regionSeed: number },
    /** PostgreSQL: the import's status read from the database, so polling opens no server transaction. */
    private readonly importStatus?: (id: number) => Promise<string | null>,
  ) {}

  async prepare(op: OpName): Promise<void> {
    if (op === 'import') await this.prepareImport();
  }

  async fire(op: OpName): Promise<Fired> {
    switch (op) {
      case 'import':
        return this.fireImport();
      case 'batch':
        return this.fireBatch();
      case 'move':
        return this.fireMove();
      case 'rules':
        return this.fireRule();
    }
  }

  // ---- import commit ------------------------------------------------------------------------

  /** A validated import to commit: the last one if a kill left it validated, else a new upload. */
  private async prepareImport(): Promise<void> {
    if (this.importId !== null) {
      const r = await this.admin.call<{ status: string }>('GET', `/api/imports/${this.importId}?pageSize=1`);
      expectStatus(r, 200, 'import status');
      // Interrupted by the kill: the restart put it back to validated, and it is committed again.
      // Committed before the kill: a new workbook of new people (no rollback, a write of its own).
      if (r.body.status === 'validated') return;
    }
    const data = await membersWorkbook({
      rows: this.opts.importRows,
      branches: this.targets.branches,
      region: 110101 + ((this.opts.regionSeed + this.workbooks++) % 800),
    });
    const up = await this.admin.upload<{ id: number }>(
      '/api/imports',
      { kind: 'members', orgId: String(this.targets.rootId) },
      { name: `faults-${this.workbooks}.xlsx`, data },
    );
    expectStatus(up, 202, 'import upload');
    const id = up.body.id;
    const t0 = performance.now();
    for (;;) {
      const r = await this.admin.call<{
        status: string;
        failure: string | null;
        errors: { data: unknown[] };
      }>('GET', `/api/imports/${id}?pageSize=3`);
      expectStatus(r, 200, 'import status');
      if (r.body.status === 'validated') break;
      if (r.body.status !== 'parsing') {
        throw new Error(
          `import ${id} ended ${r.body.status}: ${r.body.failure ?? JSON.stringify(r.body.errors.data)}`,
        );
      }
      if (performance.now() - t0 > 15 * 60_000) throw new Error(`import ${id}: not validated in 15 minutes`);
      await sleep(300);
    }
    this.importId = id;
  }

  private async fireImport(): Promise<Fired> {
    const id = this.importId;
    if (id === null) throw new Error('import: not prepared');
    const r = await this.admin.call('POST', `/api/imports/${id}/commit`);
    expectStatus(r, 202, 'import commit');
    const armedAt = performance.now();
    const done = (async () => {
      for (;;) {
        const status = this.importStatus
          ? await this.importStatus(id)
          : (await this.admin.call<{ status: string }>('GET', `/api/imports/${id}?pageSize=1`)).body.status;
        if (status === 'committed') return;
        if (status !== 'committing') throw new Error(`import ${id}: commit ended ${status}`);
        await sleep(50);
      }
    })();
    return { attempt: { op: 'import', importId: id, rows: this.opts.importRows }, done, armedAt };
  }

  // ---- dues batch payment -------------------------------------------------------------------

  private async fireBatch(): Promise<Fired> {
    // Unpaid months of members who have paid nothing for them: today's month first, then earlier.
    let month = monthOf(today());
    let memberIds: number[] = [];
    for (let back = 0; back < 6 && memberIds.length < this.opts.batchSize; back++) {
      month = addMonthsTo(monthOf(today()), -back);
      const r = await this.admin.call<{
        data: { memberId: number; paidFen: number; balanceFen: number; abilities: { pay: boolean } }[];
      }>('GET', `/api/dues/ledger?orgId=${this.targets.rootId}&month=${month}&status=unpaid&pageSize=500`);
      expectStatus(r, 200, 'dues ledger');
      memberIds = r.body.data
        .filter((x) => x.paidFen === 0 && x.balanceFen > 0 && x.abilities.pay)
        .map((x) => x.memberId)
        .slice(0, this.opts.batchSize);
    }
    if (memberIds.length < this.opts.batchSize) throw new Error('batch: no unpaid members left');
    const key = `faults-${this.opts.runTag}-${++this.batches}`;
    const body = { orgId: this.targets.rootId, month, memberIds, paidOn: today(), method: 'cash' };
    return this.request(
      { op: 'batch', key, month, memberIds },
      this.admin.call('POST', '/api/dues/payments/batch', body, { 'idempotency-key': key }),
      201,
    );
  }

  // ---- subtree move -------------------------------------------------------------------------

  private async fireMove(): Promise<Fired> {
    const { moveOrgId, moveParents } = this.targets;
    const g = await this.admin.call<{ parentId: number | null }>('GET', `/api/orgs/${moveOrgId}`);
    expectStatus(g, 200, 'org');
    const from = g.body.parentId ?? 0;
    const to = from === moveParents[0] ? moveParents[1] : moveParents[0];
    return this.request(
      { op: 'move', orgId: moveOrgId, from, to, parents: moveParents },
      this.admin.call('POST', `/api/orgs/${moveOrgId}/move`, { parentId: to, reason: REASON }),
      200,
    );
  }

  // ---- rule override: every branch's compliance recomputed ----------------------------------

  private async fireRule(): Promise<Fired> {
    const { ruleId, ruleValues } = this.targets;
    const rules = await this.configurator.call<{ id: string; value: unknown }[]>('GET', '/api/rules');
    expectStatus(rules, 200, 'rules');
    const from = rules.body.find((x) => x.id === ruleId)?.value;
    const to = JSON.stringify(from) === JSON.stringify(ruleValues[0]) ? ruleValues[1] : ruleValues[0];
    return this.request(
      { op: 'rules', ruleId, from, to, values: ruleValues },
      this.configurator.call('PUT', `/api/rules/${ruleId}`, { value: to, reason: REASON }),
      200,
    );
  }

  /** A write answered by its request: done when the expected status comes back. */
  private request(attempt: Attempt, answer: Promise<Answer>, status: number): Fired {
    const armedAt = performance.now();
    const done = answer.then((a) => expectStatus(a, status, attempt.op));
    return { attempt, done, armedAt };
  }
}
