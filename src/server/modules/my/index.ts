/**
 * The member app's public surface: other modules import only this file. It offers nothing to the
 * others: the registry reaches it through module.ts.
 */
export {};
