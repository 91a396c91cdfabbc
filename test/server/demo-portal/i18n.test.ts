import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../domain/errors.js';
import { fieldErrorText, PORTAL_TEXTS } from '../../../server/demo-portal/i18n.js';

type Leaf = string | ((...args: string[]) => string);

/** Every text of a locale by its dotted path; parameterised texts rendered with "X". */
function leaves(texts: object, prefix = ''): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(texts) as Array<[string, Leaf | object]>) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') found.set(path, value);
    else if (typeof value === 'function') found.set(path, value('X', 'X'));
    else for (const [inner, text] of leaves(value, path)) found.set(inner, text);
  }
  return found;
}

describe('portal texts', () => {
  const en = leaves(PORTAL_TEXTS.en);
  const bn = leaves(PORTAL_TEXTS.bn);

  it('has every English text in Bangla, none empty', () => {
    expect([...bn.keys()]).toEqual([...en.keys()]);
    expect([...en.values(), ...bn.values()].filter((text) => text.trim() === '')).toEqual([]);
  });

  it('translates everything but the one sign both languages share', () => {
    const untranslated = [...en].filter(([path, text]) => bn.get(path) === text).map(([path]) => path);
    expect(untranslated).toEqual(['newConnection.noMeter']);
  });

  it("says a codec's rule in Bangla on Bangla pages, and keeps the codec's own message in English", () => {
    const error = new DomainError('meterNo', 'length', 'meterNo must have 12 digits, got 11');
    expect(fieldErrorText(error, 'en')).toBe('meterNo must have 12 digits, got 11');
    expect(fieldErrorText(error, 'bn')).toBe('অঙ্কের সংখ্যা সঠিক নয়।');
    const unknownRule = new DomainError('meterNo', 'no_such_rule', 'something else');
    expect(fieldErrorText(unknownRule, 'bn')).toBe('something else');
  });
});
