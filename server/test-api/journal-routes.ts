import { z } from 'zod';
import { defineRoute, type ApiRoute } from '../http/routes.js';
import { ApiProblem, ValidationProblem } from '../http/problems.js';
import { JOURNAL_ENTRY_TYPES, type Journal, type JournalEntry } from '../journal/journal.js';
import type { LiveEvents } from '../journal/live-events.js';

const TAG = 'Test controls';
const PROBLEM = { description: 'problem+json' };

const entryType = z.enum(JOURNAL_ENTRY_TYPES);

export const journalEntrySchema = z
  .object({
    id: z.int().describe("increasing per merchant, never reused; the cursor for ?since= and Last-Event-ID"),
    at: z.string().describe("ISO 8601 on the merchant's (test) clock"),
    type: entryType,
    paymentId: z.string().nullable(),
    data: z
      .record(z.string(), z.unknown())
      .describe(
        'request: method, path, status (null: dropped), ms; state_change: from, to, event, reason?; ' +
          'webhook_attempt: deliveryId, eventId, eventType, url, attempt, httpStatus, error, latencyMs, outcome, duplicate?; ' +
          'fault: target (api | webhook), kind, source, and what was injected',
      ),
  })
  .meta({ id: 'JournalEntry' });

export const journalListSchema = z
  .object({
    object: z.literal('list'),
    data: z.array(journalEntrySchema).describe('oldest first'),
    hasMore: z.boolean().describe('with since: more entries follow; without: older entries exist'),
  })
  .meta({ id: 'JournalList' });

export const journalQuery = z.object({
  paymentId: z.string().min(1).max(64).optional().describe("only this payment's entries"),
  type: z
    .string()
    .transform((value) => value.split(',').map((part) => part.trim()))
    .pipe(z.array(entryType))
    .optional()
    .describe('only these types, comma-separated: request, state_change, webhook_attempt, fault'),
  since: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .describe('only entries after this id, oldest first (pass the last id you saw); without it, the newest entries'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const eventsQuery = z.object({
  paymentId: z.string().min(1).max(64).optional().describe("only this payment's entries"),
});

/** What a stream handler returns: it has answered by itself (mountRoutes sends nothing more). */
const STREAMING = { status: 200, body: null };

/**
 * The stream never ends by itself, so it goes only to clients that ask for one (EventSource
 * sends `Accept: text/event-stream`); anything else gets a 406 rather than a hanging request.
 */
function requireEventStreamAccepted(accept: string | undefined): void {
  if (!/\btext\/event-stream\b/i.test(accept ?? '')) {
    throw new ApiProblem(406, 'not-acceptable', 'Not acceptable', 'this is an event stream: send Accept: text/event-stream');
  }
}

function lastEventId(header: string | undefined): number | undefined {
  if (header === undefined || header === '') return undefined;
  if (!/^\d{1,15}$/.test(header)) {
    throw ValidationProblem.single('Last-Event-ID', 'format', 'Last-Event-ID must be the id of a journal entry');
  }
  return Number(header);
}

/** Entries plus whether there are more, from one query for limit + 1. */
async function page(journal: Journal, merchantId: string, query: z.output<typeof journalQuery>) {
  const { limit } = query;
  const entries: JournalEntry[] = await journal.list(merchantId, {
    paymentId: query.paymentId,
    types: query.type,
    afterId: query.since,
    limit: limit + 1,
  });
  const hasMore = entries.length > limit;
  // Cursor mode reads forward (the extra one is the newest); otherwise backward (the oldest).
  const data = !hasMore ? entries : query.since !== undefined ? entries.slice(0, limit) : entries.slice(1);
  return { object: 'list' as const, data, hasMore };
}

/** GET /api/v1/test/journal and its live form, GET /api/v1/test/events. */
export function journalRoutes(journal: Journal, liveEvents: LiveEvents): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/test/journal',
      operationId: 'getTestJournal',
      summary: "The merchant's journal: requests, state changes, webhook attempts and injected faults, oldest first",
      tag: TAG,
      auth: 'merchant',
      query: journalQuery,
      responses: { 200: { description: 'journal entries', schema: journalListSchema }, 401: PROBLEM, 422: PROBLEM },
      handle: async ({ merchant, query }) => ({ status: 200, body: await page(journal, merchant.id, query) }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/test/events',
      operationId: 'streamTestEvents',
      summary:
        'The journal live, as server-sent events (event: entry type, id: entry id, data: the entry); send Accept: text/event-stream',
      tag: TAG,
      auth: 'merchant',
      query: eventsQuery,
      headers: [{ name: 'Last-Event-ID', description: 'resume after this entry: what was missed comes first' }],
      responses: {
        200: { description: 'an event stream, open until closed', schema: journalEntrySchema, contentType: 'text/event-stream' },
        401: PROBLEM,
        406: { description: 'the request did not accept text/event-stream' },
        422: PROBLEM,
      },
      handle: async ({ req, res, merchant, query }) => {
        requireEventStreamAccepted(req.get('accept'));
        const resumeAfter = lastEventId(req.get('last-event-id'));
        await liveEvents.stream(res, merchant.id, { paymentId: query.paymentId, lastEventId: resumeAfter });
        return STREAMING;
      },
    }),
  ];
}
