/**
 * One webhook POST and what came of it, never throwing: a status, or the reason there was none
 * (timeout, refused connection, DNS, …), the latency and the first bytes of the reply for the log.
 *
 * Plain fetch, with no SSRF guard against loopback or private addresses: this is a simulator that
 * runs next to the merchant's code, and delivering to http://localhost is the point. Redirects
 * are not followed (a 3xx counts as a failed attempt), as real gateways do.
 */

export interface PostResult {
  httpStatus: number | null;
  error: string | null;
  latencyMs: number;
  responseStart: string | null;
}

export interface PostOptions {
  fetch: typeof fetch;
  timeoutMs: number;
  /** How much of the reply to keep. */
  responseBytes: number;
}

export async function postWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: PostOptions,
): Promise<PostResult> {
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  // One deadline for the whole exchange, body included: a receiver that sends headers and then
  // stalls is as stuck as one that never answers.
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    const response = await options.fetch(url, { method: 'POST', body, headers, redirect: 'manual', signal });
    const responseStart = await readStart(response, options.responseBytes);
    return { httpStatus: response.status, error: null, latencyMs: elapsed(), responseStart };
  } catch (error) {
    const reason = describeFailure(error, options.timeoutMs);
    return { httpStatus: null, error: reason, latencyMs: elapsed(), responseStart: null };
  }
}

/** The first `limit` bytes of the reply as text; stops reading there and frees the connection. */
async function readStart(response: Response, limit: number): Promise<string | null> {
  if (!response.body) return null;
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  try {
    while (received < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.byteLength;
    }
  } catch {
    // The status already says what the receiver meant; a reply cut short only shortens the log.
  } finally {
    reader.cancel().catch(() => {});
  }
  const bytes = Buffer.concat(chunks).subarray(0, limit);
  return bytes.length === 0 ? null : new TextDecoder().decode(bytes);
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `timeout: no answer within ${timeoutMs} ms`;
  }
  // undici reports network failures as TypeError('fetch failed') with the system error as cause.
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  if (cause?.code) return `${cause.code}: ${cause.message ?? 'connection failed'}`;
  return error instanceof Error ? error.message : String(error);
}
