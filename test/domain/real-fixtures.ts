import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { FIXTURE_FILES, type FixturePart, type Fixtures } from '../../domain/fixtures-schema.js';

/** The real fixture files, read and parsed here without the server's loader. */

export function readRaw(part: FixturePart): unknown {
  const url = new URL(`../../fixtures/${FIXTURE_FILES[part].file}`, import.meta.url);
  return JSON.parse(readFileSync(fileURLToPath(url), 'utf8'));
}

function parsePart<Part extends FixturePart>(part: Part): Fixtures[Part] {
  return (FIXTURE_FILES[part].schema as z.ZodType).parse(readRaw(part)) as Fixtures[Part];
}

const PARTS = Object.keys(FIXTURE_FILES) as FixturePart[];
export const realFixtures = Object.fromEntries(PARTS.map((part) => [part, parsePart(part)])) as unknown as Fixtures;
