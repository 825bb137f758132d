import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** A hashed asset (`/assets/x-abc123.js`): its name changes with its content, so it never goes stale. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/**
 * Everything else the web UI is served from (index.html, the SPA fallback, sw.js, the manifest,
 * icons): cached but revalidated on every use with the ETag, so a new build is picked up on the
 * next load while an unchanged one costs a 304.
 */
export const REVALIDATE = 'no-cache';

function cacheControlFor(filePath: string, root: string): string {
  const rel = path.relative(root, filePath).split(path.sep).join('/');
  return rel.startsWith('assets/') ? IMMUTABLE : REVALIDATE;
}

function setCacheControl(reply: FastifyReply, filePath: string, root: string) {
  reply.header('Cache-Control', cacheControlFor(filePath, root));
}

/**
 * Serves the built web UI from `webDist`. The build writes `.br` and `.gz` next to every text file
 * (scripts/precompress.mjs); `preCompressed` sends the best one the browser accepts, with
 * `Vary: Accept-Encoding`, and the plain file otherwise. Returns whether there is a UI to serve.
 */
export async function registerWebStatic(app: FastifyInstance, webDist: string): Promise<boolean> {
  if (!fs.existsSync(path.join(webDist, 'index.html'))) return false;
  await app.register(fastifyStatic, {
    root: webDist,
    // Files are looked up per request, so a rebuilt UI is served without a restart.
    wildcard: true,
    preCompressed: true,
    cacheControl: false,
    setHeaders: (reply, filePath) => setCacheControl(reply as FastifyReply, filePath, webDist),
  });
  return true;
}

/** The single-page app's fallback: index.html for a client-side route, revalidated like index.html. */
export function sendSpaIndex(reply: FastifyReply) {
  return reply.type('text/html').header('Cache-Control', REVALIDATE).sendFile('index.html');
}
