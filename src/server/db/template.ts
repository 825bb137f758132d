/**
 * An empty, migrated PGlite cluster, saved once at `npm install` (postinstall) so that the first
 * `npm start` loads it (~1 s) instead of running initdb and the migrations in WebAssembly (~5 s).
 * Only where PGlite is the embedded engine (its fallback, or JICENG_EMBEDDED=pglite: decision 0052);
 * the embedded PostgreSQL runs initdb and the migrations at its first start.
 * It holds no data: the demo is seeded at first start as before, with that day's dates.
 *
 * The template is used only when it was made from the same migrations and the same PGlite
 * version (a stamp beside it); otherwise, or when it is missing, the cluster is created as usual.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MIGRATIONS_FOLDER, runMigrations } from './migrate.js';

const DIST = path.resolve(import.meta.dirname, '..', '..', '..', 'dist');
const files = (dir: string) => ({
  template: path.join(dir, 'pglite-template.tar.gz'),
  stamp: path.join(dir, 'pglite-template.json'),
});

/** The last migration and the PGlite version: what the template must match to be used. */
function stamp(): string {
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as {
    entries: { tag: string; when: number }[];
  };
  const last = journal.entries[journal.entries.length - 1];
  const pglite = JSON.parse(
    readFileSync(
      path.resolve(
        import.meta.dirname,
        '..',
        '..',
        '..',
        'node_modules',
        '@electric-sql',
        'pglite',
        'package.json',
      ),
      'utf8',
    ),
  ) as { version: string };
  return `${last.tag}@${last.when}/pglite-${pglite.version}`;
}

/** Creates the template (postinstall) in `dir` (default: dist/). */
export async function writeTemplate(dir = DIST): Promise<void> {
  const f = files(dir);
  const { openPglite } = await import('./client.js');
  const database = await openPglite(undefined);
  await runMigrations(database);
  if (!database.dump) throw new Error('template: PGlite only');
  const blob = await database.dump();
  mkdirSync(dir, { recursive: true });
  writeFileSync(f.template, Buffer.from(await blob.arrayBuffer()));
  writeFileSync(f.stamp, JSON.stringify({ stamp: stamp() }));
  await database.close();
}

/** The template for a data directory that holds no cluster yet, when it is current. */
export function templateFor(dataDir: string, dir = DIST): Blob | undefined {
  const f = files(dir);
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) return undefined;
  if (!existsSync(f.template) || !existsSync(f.stamp)) return undefined;
  try {
    const saved = JSON.parse(readFileSync(f.stamp, 'utf8')) as { stamp?: string };
    if (saved.stamp !== stamp()) return undefined;
    return new Blob([readFileSync(f.template)]);
  } catch {
    return undefined;
  }
}
