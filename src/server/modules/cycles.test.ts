/**
 * The modules depend on each other without a cycle: a module imports another only through its
 * index.ts (test/api/registry.test.ts), and the graph of those imports has no loop. A cycle means
 * two modules cannot be understood, tested or changed apart; it is broken by moving the shared
 * piece down (to lib/, or to a module of its own, as notifications left orglife) or by a unit-of-work
 * topic instead of a call (`tx.touch`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.dirname(new URL(import.meta.url).pathname);

/** Every module folder under src/server/modules. */
function moduleNames(): string[] {
  return fs
    .readdirSync(ROOT, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) return sourceFiles(full);
    return d.name.endsWith('.ts') && !d.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** The module specifiers of a file's import and export-from statements (type-only ones too). */
function importedPaths(source: string): string[] {
  const out: string[] = [];
  const re = /^\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]/gm;
  for (const m of source.matchAll(re)) out.push((m[1] ?? m[2]) as string);
  return out;
}

/** Module → the other modules it imports, read from the files. */
function moduleGraph(): Map<string, Set<string>> {
  const names = new Set(moduleNames());
  const graph = new Map<string, Set<string>>();
  for (const name of names) {
    const deps = new Set<string>();
    for (const file of sourceFiles(path.join(ROOT, name))) {
      for (const spec of importedPaths(fs.readFileSync(file, 'utf8'))) {
        if (!spec.startsWith('.')) continue;
        const target = path.relative(ROOT, path.resolve(path.dirname(file), spec)).split(path.sep)[0];
        if (target && target !== name && names.has(target)) deps.add(target);
      }
    }
    graph.set(name, deps);
  }
  return graph;
}

/** The first cycle found (as `a → b → a`), or null. */
function findCycle(graph: Map<string, Set<string>>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | null => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of [...(graph.get(node) ?? [])].sort()) {
      if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (!state.has(next)) {
        const found = visit(next);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of [...graph.keys()].sort()) {
    if (state.has(node)) continue;
    const found = visit(node);
    if (found) return found;
  }
  return null;
}

describe('the module import graph', () => {
  it('has no cycle', () => {
    const cycle = findCycle(moduleGraph());
    expect(cycle?.join(' → ') ?? null, 'a cycle between modules').toBeNull();
  });

  it('finds a cycle where there is one, and reads every kind of import', () => {
    expect(
      importedPaths(
        `import { a } from '../x/index.js';\nimport type { B } from "../y/index.js";\nexport { c } from '../z/index.js';\nimport '../w/side.js';\nimport {\n  d,\n  e,\n} from '../v/index.js';`,
      ),
    ).toEqual(['../x/index.js', '../y/index.js', '../z/index.js', '../w/side.js', '../v/index.js']);
    const graph = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
      ['d', new Set<string>()],
    ]);
    expect(findCycle(graph)).toEqual(['a', 'b', 'c', 'a']);
    graph.get('c')?.delete('a');
    expect(findCycle(graph)).toBeNull();
  });
});
