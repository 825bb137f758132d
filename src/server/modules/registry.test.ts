/**
 * The seams between modules, checked the way src/domain/purity.test.ts checks the domain:
 * - a module imports another module only through its index.ts (its public surface);
 * - src/server/lib imports no module (modules build on lib, not the other way round);
 * - every table of the schema is owned by exactly one module in the registry (the test reset and
 *   the "adding a module" checklist depend on it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import * as schema from '../db/schema/index.js';
import { MODULES } from './registry.js';

const MODULES_DIR = path.resolve(import.meta.dirname);
const LIB_DIR = path.resolve(import.meta.dirname, '../lib');

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

const IMPORT = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every relative import of a file, resolved to an absolute path. */
function importsOf(file: string, text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2];
    if (spec?.startsWith('.')) out.push(path.resolve(path.dirname(file), spec));
  }
  return out;
}

/** The module a path lies in (its folder under src/server/modules), or null. */
function moduleOf(p: string): string | null {
  const rel = path.relative(MODULES_DIR, p);
  if (rel.startsWith('..')) return null;
  const parts = rel.split(path.sep);
  return parts.length > 1 ? parts[0] : null;
}

/**
 * Imports that reach into another module's internals: `file → target` for each one. The test
 * below shows it catches a fabricated violation.
 */
function boundaryViolations(files: { file: string; text: string }[]): string[] {
  const out: string[] = [];
  for (const { file, text } of files) {
    const from = moduleOf(file);
    for (const target of importsOf(file, text)) {
      const to = moduleOf(target);
      if (!to || to === from) continue;
      if (
        path.basename(target).replace(/\.[jt]s$/, '') !== 'index' ||
        path.dirname(target) !== path.join(MODULES_DIR, to)
      ) {
        out.push(`${path.relative(MODULES_DIR, file)} → ${path.relative(MODULES_DIR, target)}`);
      }
    }
  }
  return out;
}

const read = (file: string) => ({ file, text: fs.readFileSync(file, 'utf8') });

describe('module boundaries', () => {
  it('a module imports other modules only through their index.ts', () => {
    const files = sourceFiles(MODULES_DIR)
      .filter((f) => moduleOf(f) !== null)
      .map(read);
    expect(boundaryViolations(files)).toEqual([]);
  });

  it('catches an import of another module’s internals', () => {
    const file = path.join(MODULES_DIR, 'dues/service.ts');
    const text = "import { x } from '../members/repo.js';\nimport { y } from '../orgs/index.js';\n";
    expect(boundaryViolations([{ file, text }])).toEqual(['dues/service.ts → members/repo.js']);
  });

  it('every module has an index.ts and a module.ts, and the registry lists every module folder', () => {
    const folders = fs
      .readdirSync(MODULES_DIR, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    expect(MODULES.map((m) => m.name).sort()).toEqual(folders);
    for (const name of folders) {
      expect(fs.existsSync(path.join(MODULES_DIR, name, 'index.ts')), `${name}/index.ts`).toBe(true);
      expect(fs.existsSync(path.join(MODULES_DIR, name, 'module.ts')), `${name}/module.ts`).toBe(true);
    }
  });

  it('src/server/lib imports no module', () => {
    const bad = sourceFiles(LIB_DIR).flatMap((file) =>
      importsOf(file, fs.readFileSync(file, 'utf8'))
        .filter((t) => moduleOf(t) !== null)
        .map((t) => `${path.basename(file)} → ${path.relative(MODULES_DIR, t)}`),
    );
    expect(bad).toEqual([]);
  });
});

describe('table ownership', () => {
  it('every table of the schema belongs to exactly one module', () => {
    const owners = new Map<string, string[]>();
    for (const m of MODULES) {
      for (const t of [...m.tables, ...(m.seededTables ?? [])]) {
        const name = getTableName(t);
        owners.set(name, [...(owners.get(name) ?? []), m.name]);
      }
    }
    const tables = Object.values(schema)
      .filter((v) => is(v, PgTable))
      .map((t) => getTableName(t as PgTable))
      .sort();
    const unowned = tables.filter((t) => !owners.has(t));
    const shared = [...owners].filter(([, ms]) => ms.length > 1).map(([t, ms]) => `${t}: ${ms.join(', ')}`);
    expect({ unowned, shared }).toEqual({ unowned: [], shared: [] });
  });
});
