/** A minimal server-sent-events client over fetch, for tests: parses events as they arrive. */

export interface ServerSentEvent {
  id: string | undefined;
  event: string;
  data: string;
}

export interface EventStreamClient {
  status: number;
  contentType: string | null;
  readonly events: readonly ServerSentEvent[];
  /** Comment lines received (heartbeats). */
  readonly comments: number;
  /** Resolves once `count` events have arrived (rejects after timeoutMs). */
  waitForEvents(count: number, timeoutMs?: number): Promise<ServerSentEvent[]>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

function parseBlock(block: string): ServerSentEvent | 'comment' | null {
  const fields: Record<string, string> = {};
  const lines = block.split('\n');
  if (lines.every((line) => line.startsWith(':'))) return 'comment';
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    fields[line.slice(0, colon)] = line.slice(colon + 1).replace(/^ /, '');
  }
  if (fields.data === undefined) return null; // e.g. a lone `retry:`
  return { id: fields.id, event: fields.event ?? 'message', data: fields.data };
}

export async function openEventStream(url: string, headers: Record<string, string> = {}): Promise<EventStreamClient> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { Accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const events: ServerSentEvent[] = [];
  let comments = 0;
  const waiters = new Set<() => void>();

  const ended = (async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let boundary = buffer.indexOf('\n\n');
        while (boundary >= 0) {
          const parsed = parseBlock(buffer.slice(0, boundary));
          buffer = buffer.slice(boundary + 2);
          if (parsed === 'comment') comments += 1;
          else if (parsed) events.push(parsed);
          boundary = buffer.indexOf('\n\n');
        }
        waiters.forEach((check) => check());
      }
    } catch {
      // aborted by close()
    }
  })();

  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    events,
    get comments() {
      return comments;
    },
    ended,
    waitForEvents(count, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (events.length < count) return;
          cleanup();
          resolve([...events]);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`expected ${count} events within ${timeoutMs} ms, got ${events.length}: ${JSON.stringify(events)}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    close: () => abort.abort(),
  };
}
