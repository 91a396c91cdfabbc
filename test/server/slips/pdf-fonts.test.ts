import { describe, expect, it } from 'vitest';
import { scriptRuns, slipFontOf } from '../../../server/slips/pdf-fonts.js';

describe('scriptRuns', () => {
  it('splits text into runs by script, and refuses a script neither font has', () => {
    expect(scriptRuns('জুন 2022')).toEqual([
      { text: 'জুন', bangla: true },
      { text: ' 2022', bangla: false },
    ]);
    expect(scriptRuns('ক্ষ\u200d')).toEqual([{ text: 'ক্ষ\u200d', bangla: true }]);
    expect(scriptRuns('Café — ৳১০')).toEqual([
      { text: 'Café — ', bangla: false },
      { text: '৳১০', bangla: true },
    ]);
    expect(scriptRuns('Москва')).toBeNull();
  });

  it('picks the font of a run by script and weight', () => {
    expect(slipFontOf({ text: 'বিল', bangla: true }, true)).toBe('Bangla-Bold');
    expect(slipFontOf({ text: 'Bill', bangla: false })).toBe('Helvetica');
  });
});
