// Log scan (CI, after the API suite): counts what looks like an 18-digit ID number or a mainland
// mobile number in the server log the suite wrote (reports/api-logs/*.log, test/api/harness.ts) and
// fails on any. The patterns are the logger's own (src/server/lib/log.ts), so a log line that
// bypassed its serializer, redaction and scrubber is what this finds. Where a hit is, is printed by
// file, line and column; the value itself never is.
//
//   npx tsx scripts/scan-logs.ts [directory]
import fs from 'node:fs';
import path from 'node:path';
import { ID_NUMBER_PATTERN, PHONE_PATTERN } from '../src/server/lib/log.js';

const dir = path.resolve(process.argv[2] ?? 'reports/api-logs');
if (!fs.existsSync(dir)) {
  console.error(`log scan: no log at ${dir} (run the API suite first)`);
  process.exit(2);
}
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.log'))
  .sort();
let lines = 0;
let ids = 0;
let phones = 0;
const where: string[] = [];
for (const file of files) {
  const text = fs.readFileSync(path.join(dir, file), 'utf8');
  text.split('\n').forEach((line, i) => {
    if (!line) return;
    lines++;
    for (const [kind, pattern] of [
      ['ID number', ID_NUMBER_PATTERN],
      ['phone', PHONE_PATTERN],
    ] as const) {
      for (const m of line.matchAll(pattern)) {
        if (kind === 'ID number') ids++;
        else phones++;
        if (where.length < 20) where.push(`${file}:${i + 1}:${(m.index ?? 0) + 1}: ${kind}`);
      }
    }
  });
}
console.log(`log scan: ${lines} lines in ${files.length} files, ${ids} ID numbers, ${phones} phones`);
if (ids || phones) {
  console.error(where.join('\n'));
  process.exit(1);
}
