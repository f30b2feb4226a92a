import type { Linter } from 'eslint';

/** The architecture's import rules (eslint.boundaries.js), typed for the test that exercises them. */
export declare const boundaries: Linter.Config[];
