// `npm run build:server`: bundles the server's two entry points, as tsc wrote them, into one file
// each (dist/server/main.js and cli.js, overwritten in place), with the dependencies that are plain
// JavaScript. Node then compiles one file at start instead of resolving and reading some 280
// modules of express, zod, pino, helmet and the rest one by one (issue 13's cold start). The
// library (dist/index.js) is not bundled: an importer's own bundler or Node resolves its imports.
//
// Source maps chain through tsc's, so they point at the server/ and domain/ .ts files.
import { chmodSync, readFileSync } from 'node:fs';
import { build } from 'esbuild';

/**
 * Left to Node's resolution at run time, from the installed package's own node_modules; each is
 * one of package.json's dependencies, so an installed copy finds it.
 */
const EXTERNAL = [
  // A native addon, loaded from its compiled .node file.
  'better-sqlite3',
  // Read their own data files beside their modules at run time (pdfkit's AFM fonts, fontkit's
  // tables, simple-icons' SVGs, the Noto Sans Bengali TTFs), and are loaded on first use through
  // createRequire anyway, as are qrcode and express-rate-limit.
  'pdfkit',
  'fontkit',
  'simple-icons',
  '@expo-google-fonts/noto-sans-bengali',
  'qrcode',
  'express-rate-limit',
  // Requires the optional native pg-native when asked to. Loaded through createRequire too, on a
  // PostgreSQL start only (storage/postgres.ts, pgDriver): an import would be hoisted to the top.
  'pg',
];

await build({
  entryPoints: ['dist/server/main.js', 'dist/server/cli.js'],
  outdir: 'dist/server',
  allowOverwrite: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  external: EXTERNAL,
  // The CommonJS packages bundled (express and its middleware, pino) call require() for Node's
  // built-ins; an ES module has none of its own.
  banner: { js: "import { createRequire as createBundleRequire } from 'node:module'; const require = createBundleRequire(import.meta.url);" },
  // No comments and no indentation: a smaller file to read and compile at every start, and one
  // of ASCII only (some dependencies' comments are not; see requireAscii).
  minifyWhitespace: true,
  sourcemap: true,
  logLevel: 'warning',
});
chmodSync('dist/server/cli.js', 0o755);

/**
 * One character beyond ASCII makes V8 hold the whole 2 MB source as two bytes a character, which
 * costs start time twice (decoding, then scanning). esbuild escapes strings, but not the text
 * of a tagged template (html`…`), whose raw form it must keep: write such characters as HTML
 * character references (&#x26A1;) instead.
 */
function requireAscii(file) {
  const source = readFileSync(file, 'latin1');
  const at = source.search(/[^\x00-\x7f]/);
  if (at === -1) return;
  const context = readFileSync(file, 'utf8').slice(Math.max(0, at - 80), at + 20);
  throw new Error(`${file} is not ASCII only, near: ${context}`);
}
requireAscii('dist/server/main.js');
requireAscii('dist/server/cli.js');
