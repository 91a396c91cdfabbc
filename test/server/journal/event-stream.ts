/** A minimal server-sent-events client over fetch, for tests: parses events as they arrive. */
import { Arrivals } from '../../helpers/arrivals.js';

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
  const events = new Arrivals<ServerSentEvent>();
  let comments = 0;

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
        const arrived: ServerSentEvent[] = [];
        let boundary = buffer.indexOf('\n\n');
        while (boundary >= 0) {
          const parsed = parseBlock(buffer.slice(0, boundary));
          buffer = buffer.slice(boundary + 2);
          if (parsed === 'comment') comments += 1;
          else if (parsed) arrived.push(parsed);
          boundary = buffer.indexOf('\n\n');
        }
        events.push(...arrived);
      }
    } catch {
      // aborted by close()
    }
  })();

  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    events: events.items,
    get comments() {
      return comments;
    },
    ended,
    waitForEvents(count, timeoutMs = 5000) {
      return events.waitFor(count, timeoutMs, 'events', (came) => JSON.stringify(came));
    },
    close: () => abort.abort(),
  };
}
