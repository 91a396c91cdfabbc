/**
 * Bangla needs Noto Sans Bengali (a machine without a Bengali system font draws boxes), and a
 * shadow root cannot declare `@font-face`: the host document must. So the element links the
 * gateway's font stylesheet (server/pages/assets/bangla-font.ts) into `document.head`, once per
 * page, and its own styles list the family first for Bangla text.
 */
export function linkBanglaFont(url: string): void {
  for (const link of document.querySelectorAll<HTMLLinkElement>('link[rel~="stylesheet"]')) {
    if (link.href === url) return;
  }
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = url;
  document.head.append(link);
}
