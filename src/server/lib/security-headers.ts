import type { FastifyInstance } from 'fastify';

/*
 * The content security policy of every page the server sends. No inline script anywhere: the
 * built web UI loads only its own bundles, so an injected <script> or on…= attribute does not run.
 * style-src needs 'unsafe-inline' because antd styles components with CSS-in-JS (it inserts
 * <style> elements at run time); styles cannot run code, and the script policy stays strict.
 * data: and blob: images are the favicon, QR codes and previews of files the user picked; blob:
 * media are a video or audio file the publisher picked, read for its running time before the
 * upload (学习资料, decision 0045).
 * The Swagger UI at /api/docs also loads only its own files and runs under the same policy.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

/** One year, the usual HSTS age; sent only when the deployment says it runs behind HTTPS. */
const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Security headers on every response, and `Cache-Control: no-store` on every API answer: they
 * carry ID numbers, phones and discipline records, which no browser or proxy cache may keep.
 * Files served from / keep their own caching (hashed asset names, no personal data).
 */
export function registerSecurityHeaders(app: FastifyInstance, opts: { hsts: boolean }) {
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('Referrer-Policy', 'same-origin');
    reply.header('Cross-Origin-Opener-Policy', 'same-origin');
    if (opts.hsts) reply.header('Strict-Transport-Security', HSTS);
    if (request.url.startsWith('/api/') && !request.url.startsWith('/api/docs/static/')) {
      reply.header('Cache-Control', 'no-store');
      reply.header('Pragma', 'no-cache');
    }
    return payload;
  });
}
