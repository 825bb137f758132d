import { createHash, timingSafeEqual } from 'node:crypto';
import { heldLock } from '../../db/lock.js';
import { AppError } from '../../lib/errors.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Whether a request may run an operation: it came from this machine (the socket's addresses, not
 * `req.ip`, which a proxy header may set) and carries the control token of the lock this process
 * holds. A server without a lock (PostgreSQL, tests) has no token and refuses every request.
 */
export function assertLocalOperator(
  socket: { remoteAddress?: string; localAddress?: string },
  token: string | undefined,
): void {
  const expected = heldLock()?.holder.controlToken;
  // Loopback, or (a server bound to one interface's address) a connection from that very address.
  const local =
    LOOPBACK.has(socket.remoteAddress ?? '') ||
    (!!socket.remoteAddress && socket.remoteAddress === socket.localAddress);
  const ok =
    !!expected &&
    !!token &&
    local &&
    // Compared as digests: equal lengths, constant time.
    timingSafeEqual(digest(token), digest(expected));
  if (!ok) throw new AppError('OPS_DENIED');
}
