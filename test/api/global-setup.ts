import fs from 'node:fs';
import path from 'node:path';

/**
 * Before an API run: empty the server-log directory the workers append to (test/api/harness.ts),
 * so that `scripts/scan-logs.ts` scans this run's log and nothing older.
 */
export default function setup() {
  fs.rmSync(path.resolve('reports/api-logs'), { recursive: true, force: true });
}
