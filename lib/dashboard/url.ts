// The at-risk table's view in the page URL, so a filtered, sorted, paged view survives a reload and can be
// shared. Values stay as given: the service validates them and names what is wrong.

/** The filters and sort as they appear in the URL (`tier` may repeat). */
export type AtRiskParams = {
  tier?: string[];
  segment?: string;
  region?: string;
  tag?: string;
  driver?: string;
  minP?: string;
  maxP?: string;
  sort?: string;
};

const SINGLE = ['segment', 'region', 'tag', 'driver', 'minP', 'maxP', 'sort'] as const;
const MAX_PAGES = 200;

type Search = URLSearchParams | Record<string, string | string[] | undefined>;

function all(search: Search, key: string): string[] {
  if (search instanceof URLSearchParams) return search.getAll(key);
  const v = search[key];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

export function readAtRiskParams(search: Search): AtRiskParams {
  const out: AtRiskParams = {};
  const tier = all(search, 'tier').filter(Boolean);
  if (tier.length) out.tier = tier;
  for (const key of SINGLE) {
    const v = all(search, key)[0]?.trim();
    if (v) out[key] = v;
  }
  return out;
}

/**
 * The keyset cursors of the pages before this one, oldest first (`after=c1.c2`, a dot being outside the
 * cursors' base64url alphabet and left as is in a URL): the last one opens this page, dropping it goes back one
 * page. Keyset pages cannot be counted back from, so the stack is the way back.
 */
export function readCursors(search: Search): string[] {
  return (all(search, 'after')[0] ?? '').split('.').filter(Boolean).slice(-MAX_PAGES);
}

export function atRiskSearch(params: AtRiskParams, cursors: readonly string[] = []): string {
  const q = new URLSearchParams();
  for (const t of params.tier ?? []) q.append('tier', t);
  for (const key of SINGLE) {
    const v = params[key];
    if (v && !(key === 'sort' && v === 'probability')) q.set(key, v);
  }
  if (cursors.length) q.set('after', cursors.join('.'));
  return q.toString();
}

/** The dashboard showing this view, scrolled to the table. */
export function atRiskHref(params: AtRiskParams, cursors: readonly string[] = []): string {
  const s = atRiskSearch(params, cursors);
  return `/dashboard${s ? `?${s}` : ''}#at-risk`;
}

export function hasFilters(params: AtRiskParams): boolean {
  return Object.entries(params).some(([k, v]) => k !== 'sort' && v !== undefined);
}
