import type { z } from 'zod';

/**
 * A zod refinement for a list in which no two items may share `key`: each repeat gets an issue
 * naming the first one, at `field` of the repeat when given. A `secret` key (an API key, say) is
 * named but never echoed into the message.
 */
export function noDuplicates<Item>(what: string, key: (item: Item) => string, opts: { field?: string; secret?: boolean } = {}) {
  return (items: Item[], ctx: z.RefinementCtx) => {
    const firstIndex = new Map<string, number>();
    items.forEach((item, index) => {
      const k = key(item);
      const earlier = firstIndex.get(k);
      if (earlier === undefined) {
        firstIndex.set(k, index);
        return;
      }
      const shown = opts.secret ? '' : ` "${k}"`;
      ctx.addIssue({
        code: 'custom',
        path: opts.field === undefined ? [index] : [index, opts.field],
        message: `duplicate ${what}${shown} (first at index ${earlier})`,
      });
    });
  };
}
