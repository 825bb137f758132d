/** The points module's public surface: other modules import only this file. */
export {};
