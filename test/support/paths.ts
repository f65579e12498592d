// Where things are, defined once for every test, helper and benchmark script.
import path from 'node:path';

/** The repository's root folder (the one with package.json). */
export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
/** Test data only: content folders, seed excerpts. */
export const FIXTURES_DIR = path.join(REPO_ROOT, 'test/fixtures');
/** A small second content folder: one UK embassy, one closed test office, one A4 campaign. */
export const FIXTURE_CONTENT_DIR = path.join(FIXTURES_DIR, 'content');
/** The content the app ships with. */
export const REAL_CONTENT_DIR = path.join(REPO_ROOT, 'templates');
/** Excerpts of the seed notices the shipped campaign was written from. */
export const SEED_FIXTURES_DIR = path.join(FIXTURES_DIR, 'seeds');
