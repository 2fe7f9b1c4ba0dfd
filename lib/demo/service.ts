import { decryptField } from '../crypto/pii';
import { AppError } from '../errors';
import { DEFAULT_DEMO_ANCHOR, DEFAULT_DEMO_MONTHS, generateDemoCustomers, type DemoBundle } from './generate';
import * as repo from './repo';
import type { DemoDataCounts, DemoInsertProgress } from './repo';

export type DemoSeedProgress = DemoInsertProgress & { total: number };

export type SeedDemoOptions = {
  customers?: number;
  seed?: number;
  /** End of the generated history; defaults to DEFAULT_DEMO_ANCHOR so every install shows the same data. */
  anchor?: Date;
  months?: number;
  /** Delete the workspace's customers (and their records) first, instead of skipping a non-empty workspace. */
  reset?: boolean;
  onProgress?: (progress: DemoSeedProgress) => void;
};

export type SeedDemoResult =
  { skipped: true; counts: DemoDataCounts } | { skipped: false; counts: DemoDataCounts & { seconds: number } };

/** Passes bundles through while counting churned customers, so the result needs no extra query. */
function* countChurned(bundles: Iterable<DemoBundle>, tally: { churned: number }): Generator<DemoBundle> {
  for (const b of bundles) {
    if (b.customer.churned_at !== null) tally.churned++;
    yield b;
  }
}

function canDecrypt(sealed: string | null): boolean {
  if (!sealed) return true;
  try {
    decryptField(sealed);
    return true;
  } catch {
    return false;
  }
}

async function seedLocked(workspaceId: string, opts: SeedDemoOptions): Promise<SeedDemoResult> {
  const customers = opts.customers ?? 20_000;
  // Demo data sealed under keys this installation does not hold (a database kept from another .env) would show
  // no names at all; it is only demo data, so it is regenerated.
  const unreadable = !canDecrypt(await repo.findSealedSample(workspaceId));
  const reset = opts.reset || unreadable;
  if (!reset && (await repo.hasCustomers(workspaceId))) {
    return { skipped: true, counts: await repo.countDemoData(workspaceId) };
  }
  const started = performance.now();
  if (reset) await repo.deleteDemoData(workspaceId);

  const tally = { churned: 0 };
  const generated = generateDemoCustomers({
    customers,
    seed: opts.seed ?? 42,
    anchor: opts.anchor ?? DEFAULT_DEMO_ANCHOR,
    months: opts.months ?? DEFAULT_DEMO_MONTHS,
  });
  let written: DemoInsertProgress;
  try {
    written = await repo.insertDemoBundles(workspaceId, countChurned(generated, tally), (p) =>
      opts.onProgress?.({ ...p, total: customers }),
    );
  } catch (err) {
    // The workspace was empty (or just emptied) and the lock keeps other seeds out, so this removes only our rows.
    await repo.deleteDemoData(workspaceId).catch(() => undefined);
    throw err;
  }
  await repo.analyzeDemoTables();
  const seconds = Math.round((performance.now() - started) / 10) / 100;
  return { skipped: false, counts: { ...written, churned: tally.churned, seconds } };
}

/**
 * Fills a workspace with the deterministic demo customer base (default 20,000 customers, seed 42).
 * Idempotent: a workspace that already has customers is left alone unless `reset` is set. A failed load is
 * cleaned up, so a retry starts from an empty workspace rather than tripping over half a seed.
 */
export async function seedDemoData(workspaceId: string, opts: SeedDemoOptions = {}): Promise<SeedDemoResult> {
  const customers = opts.customers ?? 20_000;
  if (!Number.isInteger(customers) || customers < 1) {
    throw new AppError('invalid_input', 'customers must be a positive integer');
  }
  const run = await repo.withDemoSeedLock(workspaceId, () => seedLocked(workspaceId, opts));
  if (!run.acquired) throw new AppError('conflict', 'Demo data is already being seeded for this workspace');
  return run.value;
}
