import {
  BACKOFF,
  BACKOFF_FORGET_SECONDS,
  type BackoffKey,
  backoffSeconds,
} from '../../../domain/auth/backoff.js';

/*
 * The sign-in back-off counters, in memory. Why not in the users row: an unknown username has no
 * row, and it must be throttled exactly like a real one (anything else tells which names exist);
 * a failed attempt then costs no database write; and the check runs before any hashing or query,
 * so a throttled flood costs almost nothing. What that gives up: counters reset on restart (an
 * attacker gains one round of free tries per restart) and are per process; the embedded database
 * allows one process (src/server/db/lock.ts), and several processes behind one PostgreSQL divide
 * the guessing rate by at most their number.
 */

interface Entry {
  failures: number;
  /** Epoch ms of the last failure. */
  last: number;
  /** Epoch ms before which the next attempt is refused. */
  until: number;
}

/** At most this many counters; the least recently failed are dropped first (a few MB at most). */
const MAX_ENTRIES = 50_000;

export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxEntries = MAX_ENTRIES) {}

  private keys(username: string, ip: string): [BackoffKey, string][] {
    // The separator cannot occur in a username (trimmed, validated) nor in an address.
    return [
      ['pair', `p\n${username}\n${ip}`],
      ['address', `a\n${ip}`],
      ['account', `u\n${username}`],
    ];
  }

  private live(key: string, now: number): Entry | undefined {
    const e = this.entries.get(key);
    if (e && now - e.last > BACKOFF_FORGET_SECONDS * 1000) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }

  /** Seconds the caller must still wait (0: go ahead). Reads only memory: call it before hashing. */
  wait(username: string, ip: string, now: Date): number {
    let until = 0;
    for (const [, key] of this.keys(username, ip))
      until = Math.max(until, this.live(key, now.getTime())?.until ?? 0);
    return Math.max(0, (until - now.getTime()) / 1000);
  }

  /** Counts a failed attempt on every counter; answers the wait it imposes on the next one. */
  fail(username: string, ip: string, now: Date): number {
    const t = now.getTime();
    let longest = 0;
    for (const [kind, key] of this.keys(username, ip)) {
      const failures = (this.live(key, t)?.failures ?? 0) + 1;
      const seconds = backoffSeconds(failures, BACKOFF[kind]);
      // Re-inserted so that Map order is least-recently-failed first, for the eviction below.
      this.entries.delete(key);
      this.entries.set(key, { failures, last: t, until: t + seconds * 1000 });
      longest = Math.max(longest, seconds);
    }
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return longest;
  }

  /**
   * A good password clears the pair and the account counters. Not the address: an attacker holding
   * one valid account must not reset the counter of the address they guess other accounts from.
   */
  succeed(username: string, ip: string) {
    for (const [kind, key] of this.keys(username, ip)) if (kind !== 'address') this.entries.delete(key);
  }
}
