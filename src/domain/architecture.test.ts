/**
 * "The domain imports no framework" (DESIGN §3): everything under src/domain is pure rules that the
 * server, the jobs and the browser all import, so it may depend only on itself and on two pure data
 * libraries. A stray import of fastify or zod (or a relative path into src/server) would drag a
 * framework into the web bundle and I/O into rules that must stay testable with a date string.
 *
 * Test files may additionally use the test tooling and node's file APIs (this file reads the tree).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const DOMAIN_ROOT = dirname(fileURLToPath(import.meta.url));

const ALLOWED_PACKAGES = ['chinese-days', 'pinyin-pro'];
const ALLOWED_IN_TESTS = [...ALLOWED_PACKAGES, 'vitest', 'fast-check', 'node:fs', 'node:path', 'node:url'];

/** Every module specifier: static imports and re-exports, side-effect imports, dynamic imports, require. */
function importSpecifiers(source: string): string[] {
  const patterns = [
    /\b(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  const found: string[] = [];
  for (const pattern of patterns) for (const m of source.matchAll(pattern)) found.push(m[1]);
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

const isTestFile = (file: string) => /\.test\.tsx?$/.test(file);

/** Problems with one file's imports, as readable lines ('' when none). */
function importProblems(file: string, source: string): string[] {
  const allowed = isTestFile(file) ? ALLOWED_IN_TESTS : ALLOWED_PACKAGES;
  const problems: string[] = [];
  for (const spec of importSpecifiers(source)) {
    const where = relative(DOMAIN_ROOT, file);
    if (spec.startsWith('.')) {
      const target = resolve(dirname(file), spec);
      if (target !== DOMAIN_ROOT && !target.startsWith(DOMAIN_ROOT + sep)) {
        problems.push(`${where}: relative import leaves src/domain: ${spec}`);
      }
      // nodenext resolution needs the extension; the server runs these files as ESM.
      if (!spec.endsWith('.js')) problems.push(`${where}: relative import without .js: ${spec}`);
    } else if (!allowed.includes(spec)) {
      problems.push(`${where}: import of '${spec}' is not allowed in the domain`);
    }
  }
  return problems;
}

describe('domain architecture', () => {
  const files = sourceFiles(DOMAIN_ROOT);

  it('scans the whole domain tree', () => {
    // Guards against a broken scan passing vacuously.
    expect(files.length).toBeGreaterThanOrEqual(20);
    expect(files.some((f) => f.endsWith(join('rules', 'catalog.ts')))).toBe(true);
    expect(files.some((f) => f.endsWith(join('org', 'violations.ts')))).toBe(true);
  });

  it('imports nothing outside src/domain except chinese-days and pinyin-pro', () => {
    const problems = files.flatMap((f) => importProblems(f, readFileSync(f, 'utf8')));
    expect(problems).toEqual([]);
  });

  it('keeps production files free of test tooling', () => {
    const production = files.filter((f) => !isTestFile(f));
    expect(production.length).toBeGreaterThan(10);
    for (const f of production) {
      for (const spec of importSpecifiers(readFileSync(f, 'utf8'))) {
        expect(['vitest', 'fast-check'], relative(DOMAIN_ROOT, f)).not.toContain(spec);
      }
    }
  });

  describe('the checker itself', () => {
    // Samples are assembled at run time so that this file's own source holds no forbidden import
    // for the scan above to find.
    const q = "'";
    const IMPORT = ['im', 'port'].join('');
    const EXPORT = ['ex', 'port'].join('');
    const line = (kw: string, rest: string) => `${kw} ${rest}`;

    it('finds static, type-only, multi-line, re-export, side-effect, dynamic and require imports', () => {
      const src = [
        line(IMPORT, `{ a } from ${q}./a.js${q};`),
        line(IMPORT, `type { B } from ${q}../b.js${q};`),
        line(IMPORT, `{\n  c,\n  d,\n} from ${q}fast${q};`),
        line(EXPORT, `* from ${q}./e.js${q};`),
        line(IMPORT, `${q}side-effect${q};`),
        `const m = await ${IMPORT}(${q}dyn${q});`,
        `const r = require(${q}req${q});`,
      ].join('\n');
      expect(importSpecifiers(src).sort()).toEqual([
        '../b.js',
        './a.js',
        './e.js',
        'dyn',
        'fast',
        'req',
        'side-effect',
      ]);
    });

    it('flags a framework, a path out of the domain and a missing extension', () => {
      const file = join(DOMAIN_ROOT, 'org', 'x.ts');
      const src = [
        line(IMPORT, `Fastify from ${q}fastify${q};`),
        line(IMPORT, `{ db } from ${q}../../server/db/client.js${q};`),
        line(IMPORT, `{ z } from ${q}zod${q};`),
        line(IMPORT, `{ addDays } from ${q}../common/dates${q};`),
        line(IMPORT, `{ pinyin } from ${q}pinyin-pro${q};`),
        line(IMPORT, `{ ok } from ${q}./labels.js${q};`),
      ].join('\n');
      const problems = importProblems(file, src);
      expect(problems).toHaveLength(4);
      expect(problems.join('\n')).toContain("'fastify'");
      expect(problems.join('\n')).toContain('leaves src/domain');
      expect(problems.join('\n')).toContain("'zod'");
      expect(problems.join('\n')).toContain('without .js');
    });

    it('allows test tooling in test files only', () => {
      const src = line(IMPORT, `{ it } from ${q}vitest${q};`);
      expect(importProblems(join(DOMAIN_ROOT, 'a.test.ts'), src)).toEqual([]);
      expect(importProblems(join(DOMAIN_ROOT, 'a.ts'), src)).toHaveLength(1);
    });
  });
});
