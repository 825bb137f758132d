import { describe, expect, it } from 'vitest';
import type { Db } from './client.js';
import { errorCode, formatLsn, lsnOrNull, parseLsn, ReadReplica, replicaUnavailable } from './replica.js';

describe('WAL positions', () => {
  it('reads and prints PostgreSQL positions, ordered as numbers', () => {
    expect(parseLsn('0/3000148')).toBe(0x3000148n);
    expect(parseLsn('16/B374D848')).toBe((0x16n << 32n) | 0xb374d848n);
    expect(formatLsn(parseLsn('16/B374D848'))).toBe('16/B374D848');
    // 1/0 is past 0/FFFFFFFF: compared as text it would not be.
    expect(parseLsn('1/0') > parseLsn('0/FFFFFFFF')).toBe(true);
  });

  it('ignores a cookie that is not a position', () => {
    expect(lsnOrNull(undefined)).toBeNull();
    expect(lsnOrNull('')).toBeNull();
    expect(lsnOrNull('0/3000148; drop')).toBeNull();
    expect(lsnOrNull('123456789/0')).toBeNull();
    expect(lsnOrNull('0/10')).toBe(16n);
  });
});

describe('which errors send a read back to the primary', () => {
  it('connection failures, shutdowns, replay conflicts and refused writes, also under a wrapper', () => {
    for (const code of [
      'ECONNREFUSED',
      'ECONNRESET',
      'ETIMEDOUT',
      '08006',
      '57P01',
      '57P03',
      '40001',
      '25006',
    ]) {
      expect(replicaUnavailable({ code }), code).toBe(true);
    }
    expect(replicaUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    const wrapped = Object.assign(new Error('Failed query: select 1'), { cause: { code: '57P01' } });
    expect(replicaUnavailable(wrapped)).toBe(true);
    expect(errorCode(wrapped)).toBe('57P01');
  });

  it("not the read's own errors: a missing table, a bad value, an application error", () => {
    for (const code of ['42P01', '22P02', '23505', 'NOT_FOUND'])
      expect(replicaUnavailable({ code }), code).toBe(false);
    expect(replicaUnavailable(new Error('党组织不存在'))).toBe(false);
    expect(replicaUnavailable(null)).toBe(false);
  });

  it('names an error by its code, never by a query and its parameters', () => {
    expect(
      errorCode(new Error('Failed query: select * from members where id_number_hash = $1\nparams: x')),
    ).toBe('query failed');
  });
});

/** A replica whose replay position is scripted: each ask returns the next one. */
class ScriptedReplica extends ReadReplica {
  asked = 0;
  constructor(
    private readonly positions: Array<bigint | null | Error>,
    waitMs: number,
  ) {
    // Nothing connects: the pool opens a connection only for a query, and replayLsn is replaced.
    super('postgres://nobody@127.0.0.1:1/none', { waitMs });
  }
  override async replayLsn() {
    const next = this.positions[Math.min(this.asked++, this.positions.length - 1)];
    if (next instanceof Error) throw next;
    return next ?? null;
  }
}

describe('choosing the replica or the primary', () => {
  it('a caller without a write reads the replica without asking it anything', async () => {
    const r = new ScriptedReplica([0n], 200);
    expect(await r.choose(null)).toBe('replica');
    expect(r.asked).toBe(0);
    await r.close();
  });

  it('a caller whose write the replica has replayed reads it; one behind waits until it has', async () => {
    const r = new ScriptedReplica([5n, 8n, 10n], 1000);
    expect(await r.choose(10n)).toBe('replica');
    expect(r.asked).toBe(3);
    expect(r.counts.waited).toBe(1);
    await r.close();
  });

  it('after the wait, the primary; a replica that fails is left alone for a while', async () => {
    const behind = new ScriptedReplica([5n], 0);
    expect(await behind.choose(10n)).toBe('primary');
    await behind.close();

    const gone = new ScriptedReplica(
      [Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
      200,
    );
    expect(await gone.choose(10n)).toBe('primary');
    expect(gone.down).toBe(true);
    expect(gone.lastError).toBe('ECONNREFUSED');
    // Down: even a caller without a write reads the primary, until the replica is found again.
    expect(await gone.choose(null)).toBe('primary');
    gone.markUp();
    expect(await gone.choose(null)).toBe('replica');
    await gone.close();
  });

  it('a server that is not a standby (no replay position) has every write: read it', async () => {
    const r = new ScriptedReplica([null], 200);
    expect(await r.choose(10n)).toBe('replica');
    await r.close();
  });

  it('runs a read again on the primary when the replica goes away under it, and counts it', async () => {
    const r = new ScriptedReplica([0n], 200);
    const primary = {} as Db;
    const seen: unknown[] = [];
    const { result, from } = await r.read(
      primary,
      null,
      async (db) => {
        seen.push(db);
        if (db !== primary) throw Object.assign(new Error('terminating connection'), { code: '57P01' });
        return 42;
      },
      () => {},
    );
    expect({ result, from }).toEqual({ result: 42, from: 'primary' });
    expect(seen).toEqual([r.db, primary]);
    expect(r.counts).toMatchObject({ replica: 0, primary: 1, fallbacks: 1 });
    await expect(
      r.read(primary, null, async () => {
        throw new Error('党组织不存在');
      }),
    ).rejects.toThrow('党组织不存在');
    await r.close();
  });
});
