// Lets `npm start`, `npm test` and `prepare` skip the build when dist/ was already built from the
// same sources: `npm ci` builds it (`prepare`, which git installs need), so a fresh clone's
// `npm ci && npm start` builds once, not twice; and a git install, where npm runs `prepare` twice
// (in its clone's own install, then before packing it), builds once too.
//   node scripts/build-stamp.mjs clear   before a build: dist/ is being rewritten
//   node scripts/build-stamp.mjs write   after a build succeeded: record what it was built from
//   node scripts/build-stamp.mjs check   exit 0 when dist/ was built from the current sources
// The stamp is a SHA-256 of every file the build reads (paths and contents), so an edit, a new
// file, a removed file or a git checkout all make it stale.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = join(ROOT, 'dist', '.build-stamp');
const INPUTS = [
  'index.ts',
  'domain',
  'server',
  'widget',
  'fixtures',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'tsconfig.widget.json',
  'vite.config.ts',
  'custom-elements-manifest.config.mjs',
  'scripts/build-stamp.mjs',
  'scripts/build-server.mjs',
];

function filesUnder(entry) {
  const full = join(ROOT, entry);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [full];
  return readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((dirent) => dirent.isFile())
    .map((dirent) => join(dirent.parentPath, dirent.name));
}

function sourcesHash() {
  const hash = createHash('sha256');
  const files = INPUTS.flatMap(filesUnder).sort();
  for (const file of files) hash.update(`${relative(ROOT, file)}\0`).update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

const command = process.argv[2];
if (command === 'clear') {
  rmSync(STAMP, { force: true });
} else if (command === 'write') {
  writeFileSync(STAMP, `${sourcesHash()}\n`);
} else if (command === 'check') {
  const fresh = existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === sourcesHash();
  console.error(fresh ? 'dist/ is built from the current sources: no rebuild' : 'dist/ is missing or built from other sources: building');
  process.exit(fresh ? 0 : 1);
} else {
  console.error('usage: node scripts/build-stamp.mjs clear|write|check');
  process.exit(2);
}
