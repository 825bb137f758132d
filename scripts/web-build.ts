// Build steps of the web UI (vite.config.ts) for a fast first load (issue #19, decision 0042):
// the service worker with its precache list, and `.br`/`.gz` files next to every text asset.
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Plugin } from 'vite';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** What is worth compressing: text. Images (PNG) are compressed already. */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|webmanifest|txt)$/;
/** Below this a compressed copy saves less than its headers cost; @fastify/static skips it too. */
const MIN_BYTES = 1024;

/**
 * Writes `x.br` (brotli, quality 11) and `x.gz` (gzip, level 9) next to every compressible file of
 * the output, once, at build time: the server sends them as they are (`preCompressed` in
 * src/server/lib/static.ts) instead of compressing on each request.
 */
export function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'jiceng-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      const files = fs
        .readdirSync(outDir, { recursive: true, withFileTypes: true })
        .filter((d) => d.isFile() && COMPRESSIBLE.test(d.name))
        .map((d) => path.join(d.parentPath, d.name));
      await Promise.all(
        files.map(async (file) => {
          const data = fs.readFileSync(file);
          if (data.length < MIN_BYTES) return;
          const [br, gz] = await Promise.all([
            brotli(data, {
              params: {
                [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
                [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
              },
            }),
            gzip(data, { level: 9 }),
          ]);
          fs.writeFileSync(`${file}.br`, br);
          fs.writeFileSync(`${file}.gz`, gz);
        }),
      );
    },
  };
}

/** Source modules whose chunks (and their static imports) the service worker keeps for offline use. */
const OFFLINE_MODULES = [/src\/web\/pages\/orglife\/checkin\/CheckinPage\.tsx$/];

/**
 * Emits `sw.js` from src/web/sw/sw.js with the list of files it precaches: index.html, the entry
 * chunk with everything it imports statically (the shell: the login page included), and the
 * check-in page with its imports (a QR code scanned without signal must still open). The list's
 * hash names the cache, so a new build replaces the old cache when its worker activates.
 */
export function serviceWorker(): Plugin {
  return {
    name: 'jiceng-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
      const byName = new Map(chunks.map((c) => [c.fileName, c]));
      const files = new Set<string>();
      const add = (fileName: string) => {
        if (files.has(fileName)) return;
        files.add(fileName);
        const c = byName.get(fileName);
        if (!c) return;
        for (const css of c.viteMetadata?.importedCss ?? []) files.add(css);
        for (const i of c.imports) add(i);
      };
      for (const c of chunks) {
        if (c.isEntry || (c.facadeModuleId && OFFLINE_MODULES.some((re) => re.test(c.facadeModuleId!)))) {
          add(c.fileName);
        }
      }
      const precache = ['/', ...[...files].sort().map((f) => `/${f}`)];
      const version = hash(precache.join('\n'));
      const source = fs.readFileSync(path.resolve(import.meta.dirname, '../src/web/sw/sw.js'), 'utf8');
      this.emitFile({
        type: 'asset',
        fileName: 'sw.js',
        source: source.replace("'__PRECACHE__'", JSON.stringify(precache)).replace('__VERSION__', version),
      });
    },
  };
}

function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}
