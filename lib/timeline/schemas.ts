import { z } from 'zod';

export const TIMELINE_KINDS = ['event', 'transaction', 'ticket', 'alert'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/**
 * The kinds a link asked for ("transaction,ticket"), in the canonical order, unknown ones dropped; none or
 * all of them means no filter. Links are shared and edited by hand, so a typo narrows nothing rather than failing.
 */
export function parseKinds(raw: string | string[] | null | undefined): TimelineKind[] {
  const asked = new Set((Array.isArray(raw) ? raw.join(',') : (raw ?? '')).split(',').map((s) => s.trim()));
  const kinds = TIMELINE_KINDS.filter((k) => asked.has(k));
  return kinds.length === TIMELINE_KINDS.length ? [] : kinds;
}

export const ZTimelineQuery = z.object({
  customerId: z.string().trim().min(1).max(200),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  kinds: z
    .preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(z.enum(TIMELINE_KINDS)))
    .optional()
    .describe('only these kinds (empty or missing = all)'),
});
export type TTimelineQuery = z.infer<typeof ZTimelineQuery>;

export type TimelineItem =
  | { kind: 'event'; at: string; key: string; data: { type: string; value: number | null; eventId: string | null } }
  | {
      kind: 'transaction';
      at: string;
      key: string;
      data: { amount: number; currency: string | null; status: string; transactionId: string | null };
    }
  | {
      kind: 'ticket';
      at: string;
      key: string;
      data: {
        category: string | null;
        resolvedAt: string | null;
        satisfaction: number | null;
        ticketId: string | null;
      };
    }
  | {
      kind: 'alert';
      at: string;
      key: string;
      data: {
        rule: string;
        kind: string;
        tier: 'high' | 'medium' | 'low';
        probability: number;
        status: 'open' | 'closed';
        outcome: string | null;
      };
    };

export type TimelinePage = { items: TimelineItem[]; nextCursor: string | null };
