// The run's summary: per operation, the kills, how many landed in flight (started, not yet finished
// as the client saw it), how many of those the database kept or dropped, and every inconsistency.

import type { Problem } from './checks.js';
import { OP_LABELS, type OpName } from './ops.js';

export interface RoundResult {
  op: OpName;
  /** Milliseconds from the operation's start (the import: its 202) to the kill. */
  delay: number;
  /** The client had seen the operation finish before the kill. */
  acked: boolean;
  /** The write is in the database after the restart. */
  applied: boolean;
  /** PostgreSQL: a server transaction was open at the kill (pg_stat_activity); null on PGlite. */
  inTx: boolean | null;
  /** PGlite: the killed server's lock was left behind (and taken over by the restart). */
  staleLock: boolean | null;
  restartMs: number;
  problems: Problem[];
}

export function report(r: {
  db: 'pglite' | 'pg';
  results: RoundResult[];
  baseline: Problem[];
  minutes: number;
  stopReason: string;
  ops: OpName[];
  durations: Map<OpName, number>;
  starts: number;
}): string {
  const lines: string[] = [];
  const db = r.db === 'pg' ? 'PostgreSQL' : 'PGlite';
  lines.push(
    '',
    `==== faults on ${db}: ${r.results.length} kills in ${r.minutes.toFixed(1)} min (${r.stopReason}) ====`,
  );
  lines.push(
    '| operation | usual span | kills | in flight | of which kept / dropped | finished before the kill | server in a transaction (PG) | inconsistencies |',
    '|---|---|---|---|---|---|---|---|',
  );
  for (const op of r.ops) {
    const rs = r.results.filter((x) => x.op === op);
    const flight = rs.filter((x) => !x.acked);
    const kept = flight.filter((x) => x.applied).length;
    const inTx = r.db === 'pg' ? String(rs.filter((x) => x.inTx).length) : 'n/a';
    lines.push(
      `| ${OP_LABELS[op]} | ${Math.round(r.durations.get(op) ?? 0)} ms | ${rs.length} | ${flight.length} | ${kept} / ${flight.length - kept} | ${rs.length - flight.length} | ${inTx} | ${rs.reduce((s, x) => s + x.problems.length, 0)} |`,
    );
  }
  const restarts = r.results.filter((x) => x.restartMs >= 0).map((x) => x.restartMs / 1000);
  restarts.sort((a, b) => a - b);
  if (restarts.length) {
    lines.push(
      `restart after a kill to ready: median ${restarts[Math.floor(restarts.length / 2)].toFixed(1)} s, max ${restarts[restarts.length - 1].toFixed(1)} s; server starts in all: ${r.starts}`,
    );
  }
  const stale = r.results.filter((x) => x.staleLock !== null);
  if (stale.length) {
    lines.push(
      `stale data-directory lock left by the killed server and taken over by the restart: ${stale.filter((x) => x.staleLock).length} of ${stale.length}`,
    );
  }
  const problems = r.results.flatMap((x, i) =>
    x.problems.map((p) => `kill #${i + 1} (${x.op}): ${p.check}: ${p.detail}`),
  );
  lines.push(
    `inconsistencies: ${problems.length}${r.baseline.length ? ` (and ${r.baseline.length} before any kill)` : ''}`,
  );
  for (const p of problems) lines.push(`  ${p}`);
  for (const p of r.baseline) lines.push(`  before any kill: ${p.check}: ${p.detail}`);
  return lines.join('\n');
}
