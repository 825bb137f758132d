/**
 * The stats module's public surface: other modules import only this file. Scripts (the generator,
 * the bench) keep past years' figures through it; the registry reaches the routes through module.ts.
 */
export { closeYears, keepYear } from './kept.js';
