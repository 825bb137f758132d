// COPY … FROM STDIN through node-postgres (pg-copy-streams), with progress by table.
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** One value in COPY's text format: \N for null, backslash escapes for the separators. */
export function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  const s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[\\\t\n\r]/.test(s)
    ? s.replaceAll('\\', '\\\\').replaceAll('\t', '\\t').replaceAll('\n', '\\n').replaceAll('\r', '\\r')
    : s;
}

/** Prints rows per table and rows per second, at most every two seconds, and the totals. */
export class Progress {
  readonly started = performance.now();
  readonly rows = new Map<string, number>();
  private last = 0;
  private tableStart = new Map<string, [number, number]>();

  /** A new step writing into `table`: its rate is measured from here. */
  start(table: string): void {
    this.tableStart.set(table, [performance.now(), this.rows.get(table) ?? 0]);
  }

  add(table: string, n: number): void {
    this.rows.set(table, (this.rows.get(table) ?? 0) + n);
    const now = performance.now();
    if (now - this.last > 2000) {
      this.last = now;
      this.print(table);
    }
  }

  print(table: string, done = false): void {
    const n = this.rows.get(table) ?? 0;
    const [since, before] = this.tableStart.get(table) ?? [this.started, 0];
    const t = (performance.now() - since) / 1000;
    const rate = t > 0 ? Math.round((n - before) / t) : 0;
    console.log(
      `${this.elapsed()}  ${table.padEnd(20)} ${n.toLocaleString('en').padStart(12)} rows  ${rate.toLocaleString('en').padStart(9)} rows/s${done ? `  (${t.toFixed(1)} s)` : ''}`,
    );
  }

  elapsed(): string {
    const s = Math.floor((performance.now() - this.started) / 1000);
    return `[${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}]`;
  }

  step(msg: string): void {
    console.log(`${this.elapsed()}  ${msg}`);
  }
}

/**
 * Streams rows into `table` with COPY. `rows` yields arrays in `columns` order; the text is sent in
 * chunks of about 256 kB, waiting on the socket when it is full.
 */
export async function copyRows(
  client: pg.ClientBase,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly unknown[]> | AsyncIterable<readonly unknown[]>,
  progress: Progress,
): Promise<number> {
  progress.start(table);
  const stream = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`));
  let buf = '';
  let pending = 0;
  let total = 0;
  const add = async (row: readonly unknown[]) => {
    buf += `${row.map(copyValue).join('\t')}\n`;
    pending++;
    if (buf.length > 262_144) {
      if (!stream.write(buf)) await once(stream, 'drain');
      total += pending;
      progress.add(table, pending);
      buf = '';
      pending = 0;
    }
  };
  // Rows made on this thread are read synchronously; rows that wait on workers (sealing) arrive
  // through an async iterator.
  if (Symbol.asyncIterator in rows) for await (const row of rows) await add(row);
  else for (const row of rows) await add(row);
  if (buf) stream.write(buf);
  stream.end();
  await finished(stream);
  total += pending;
  progress.add(table, pending);
  progress.print(table, true);
  return total;
}
