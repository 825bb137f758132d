// The bulk insert moved to the server (the compliance refresh writes many rows too).
export { bulkInsert } from '../../src/server/db/bulk.js';
