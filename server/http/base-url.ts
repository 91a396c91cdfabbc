import type { Request } from 'express';

/**
 * The origin links should point at: the configured public URL, else the one the request came
 * in on (so a server on 127.0.0.1:0 in a test hands out its real port).
 */
export function baseUrlOf(req: Request, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl;
  return `${req.protocol}://${req.get('host') ?? '127.0.0.1'}`;
}
