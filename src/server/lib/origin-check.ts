import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from './errors.js';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Origin and host of an Origin or Referer value, lower case; null when it is not a URL. */
function parse(value: string): { origin: string; host: string } | null {
  try {
    const u = new URL(value);
    if (u.origin === 'null' || !u.host) return null;
    return { origin: u.origin.toLowerCase(), host: u.host.toLowerCase() };
  } catch {
    return null;
  }
}

/**
 * Whether the request comes from the server's own pages: the Origin's host (with its port) is the
 * Host the browser addressed (request.host, which is X-Forwarded-Host when the proxy is trusted).
 * The scheme is left out on purpose: behind a TLS proxy the server sees http while the page is
 * https, and no other site can serve pages on this host name.
 */
function sameHost(request: FastifyRequest, host: string): boolean {
  return host === request.host.toLowerCase();
}

/**
 * Cross-site request forgery defence beyond SameSite=Strict: every state-changing request
 * (POST/PUT/PATCH/DELETE, JSON and multipart alike, and before the body is parsed) whose Origin,
 * or without one whose Referer, names another site is refused with 403 AUTH_ORIGIN_REFUSED.
 *
 * A request with neither header passes: browsers send Origin on every cross-site POST/PUT/PATCH/
 * DELETE (fetch, XHR and form posts alike), so a forged request from a page always carries one;
 * only non-browser clients (curl, scripts, app.inject in the tests) send neither, and they are not
 * what CSRF abuses: they would have to hold the session cookie themselves. An Origin of "null"
 * (sandboxed frames, some redirects) names no site and is refused.
 */
export function registerOriginCheck(app: FastifyInstance, opts: { allowedOrigins: string[] }) {
  const allowed = new Set(opts.allowedOrigins);
  app.addHook('onRequest', async (request) => {
    if (!STATE_CHANGING.has(request.method)) return;
    const origin = request.headers.origin;
    const referer = request.headers.referer;
    const claimed = origin !== undefined ? origin : referer;
    if (claimed === undefined) return;
    const from = parse(claimed);
    if (from && (sameHost(request, from.host) || allowed.has(from.origin))) return;
    throw new AppError('AUTH_ORIGIN_REFUSED');
  });
}
