import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldList, html, parseLocale, raw, renderPage } from '../../../server/pages/html.js';
import { unescapeHtml } from '../slips/fixtures.js';

describe('html tagged template', () => {
  it('escapes interpolated text and keeps nested html and raw() as they are', () => {
    const name = '<b>"Tom" & \'Jerry\'</b>';
    const out = html`<p title="${name}">${name} ${html`<i>${name}</i>`} ${raw('<hr>')}</p>`.markup;
    expect(out).toBe(
      '<p title="&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;">' +
        '&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt; <i>&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;</i> <hr></p>',
    );
  });

  it('renders arrays item by item, numbers as text, and false/null/undefined as nothing', () => {
    const items = ['a<', html`<b>b</b>`, 3];
    expect(html`<ul>${items.map((item) => html`<li>${item}</li>`)}</ul>`.markup).toBe(
      '<ul><li>a&lt;</li><li><b>b</b></li><li>3</li></ul>',
    );
    expect(html`[${false}${null}${undefined}${0}]`.markup).toBe('[0]');
  });

  it('never lets an arbitrary string open a tag or leave a quoted attribute', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const out = html`<p title="${text}" data-x='${text}'>${text}</p>`.markup;
        const prefix = '<p title="';
        const escaped = out.slice(prefix.length, out.indexOf('" data-x'));
        // The only markup characters left are the template's own.
        expect(out.split('<').length - 1).toBe(2);
        expect(out.split('>').length - 1).toBe(2);
        expect(out.split('"').length - 1).toBe(2);
        expect(out.split("'").length - 1).toBe(2);
        // And nothing was lost: the browser decodes it back to exactly the input.
        expect(unescapeHtml(escaped)).toBe(text);
        expect(out).toBe(`<p title="${escaped}" data-x='${escaped}'>${escaped}</p>`);
      }),
    );
  });
});

describe('fieldList', () => {
  it('renders label/value pairs and leaves out rows whose value is null, undefined or false', () => {
    const out = fieldList([
      ['Account', '123'],
      ['Meter', null],
      ['Bill', undefined],
      ['Month', false],
      ['Name', '<x>'],
    ]).markup;
    expect(out).toBe('<dl class="fields"><div><dt>Account</dt><dd>123</dd></div><div><dt>Name</dt><dd>&lt;x&gt;</dd></div></dl>');
  });
});

describe('renderPage', () => {
  const page = renderPage({
    title: 'Slip <1> & "2"',
    lang: 'bn',
    body: html`<main>hello</main>`,
    scripts: ['/a.js', '/b.js?x=1&y=2'],
    styles: ['/extra.css'],
  });

  it('is a complete document in the given language with an escaped title', () => {
    expect(page.startsWith('<!doctype html>\n<html lang="bn">')).toBe(true);
    expect(page).toContain('<meta charset="utf-8">');
    expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(page).toContain('<title>Slip &lt;1&gt; &amp; &quot;2&quot;</title>');
    expect(page).toContain('<main>hello</main>');
  });

  it('links the shared stylesheet, then extra ones, and loads scripts only as module files', () => {
    expect(page.indexOf('href="/assets/pages/page.css"')).toBeLessThan(page.indexOf('href="/extra.css"'));
    expect(page).toContain('<script type="module" src="/a.js"></script>');
    expect(page).toContain('<script type="module" src="/b.js?x=1&amp;y=2"></script>');
    // No inline code: every <script> has a src.
    expect(page.match(/<script(?![^>]*\ssrc=)[^>]*>/g)).toBeNull();
    expect(page).not.toMatch(/<style|\sstyle=/);
  });
});

describe('parseLocale', () => {
  it('accepts en and bn only', () => {
    expect(parseLocale('bn')).toBe('bn');
    expect(parseLocale('en')).toBe('en');
    expect(parseLocale('BN')).toBeUndefined();
    expect(parseLocale(['bn'])).toBeUndefined();
    expect(parseLocale(undefined)).toBeUndefined();
  });
});
