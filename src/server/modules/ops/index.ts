/**
 * The ops module's public surface: it offers nothing to other modules; the registry reaches it
 * through module.ts.
 */
export {};
