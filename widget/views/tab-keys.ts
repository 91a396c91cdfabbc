/** WAI-ARIA tabs with automatic activation: arrows wrap, Home/End jump; one tab stop (roving). */
export function tabKeyTarget(key: string, tabIds: readonly string[], current: string): string | null {
  const index = tabIds.indexOf(current);
  const last = tabIds.length - 1;
  switch (key) {
    case 'ArrowRight':
      return tabIds[index >= last ? 0 : index + 1] ?? null;
    case 'ArrowLeft':
      return tabIds[index <= 0 ? last : index - 1] ?? null;
    case 'Home':
      return tabIds[0] ?? null;
    case 'End':
      return tabIds[last] ?? null;
    default:
      return null;
  }
}
