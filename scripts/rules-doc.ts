// `npm run docs:rules`: writes docs/rules.md from the rule catalog, so the document can never
// disagree with the rules the code enforces (a unit test checks it is current).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ruleCatalog } from '../src/domain/rules/index.js';

const CONFIDENCE: Record<string, string> = {
  verified: '已核实',
  secondary: '二手资料',
  memory: '待核实',
  uncertain: '不确定',
};

export function renderRulesDoc(): string {
  const lines = [
    '# Rules in force (generated)',
    '',
    'Generated from `src/domain/rules/catalog.ts` by `npm run docs:rules`; do not edit by hand.',
    'A deployment may override the rules marked configurable (`PUT /api/rules/:id`, audited);',
    'the others come from the Party Constitution or are not a local choice.',
    '',
    '| id | 规则 | default | unit | citation | confidence | configurable |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of ruleCatalog) {
    const value = typeof r.value === 'object' ? JSON.stringify(r.value) : String(r.value);
    lines.push(
      `| \`${r.id}\` | ${r.title} | \`${value}\` | ${r.unit ?? ''} | ${r.citation} | ${CONFIDENCE[r.confidence]} | ${r.configurable ? 'yes' : 'no'} |`,
    );
  }
  lines.push('', '## Notes', '');
  for (const r of ruleCatalog) if (r.note) lines.push(`- \`${r.id}\`: ${r.note}`);
  return `${lines.join('\n')}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(path.join(import.meta.dirname, '../docs/rules.md'), renderRulesDoc());
  console.log('docs/rules.md written');
}
