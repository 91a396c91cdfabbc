/**
 * Which paths are API calls (journaled per merchant, subject to API faults): ours under /api/, and
 * the drop-in gateway APIs at the real gateways' own paths. Pages (the hosted checkout, slips,
 * the demo portal) are not.
 */
export const DROP_IN_API_PREFIXES = ['/ekpaypg/v1/', '/gwprocess/v4/api.php', '/validator/api/'] as const;

export function isApiPath(path: string): boolean {
  return path.startsWith('/api/') || DROP_IN_API_PREFIXES.some((prefix) => path.startsWith(prefix));
}
