/**
 * One Excel pipeline for every .xlsx import (issue #17): the cell readers, the column-definition
 * format and the streaming sheet reader. An import declares its columns with `defineColumns`, reads
 * the upload with `readSheet`, and each row with `readRow`.
 */
export * from './cells.js';
export * from './columns.js';
export * from './reader.js';
export * from './zip-limits.js';
