import { evaluateAlerts } from '../alerts/service';
import { logger } from '../logger';
import type { ScoreRow } from './repo';

/**
 * Raises the alerts that freshly written scores call for. The scores are already stored and are what matters
 * most, so a failure here is logged rather than failing the scoring pass; the next pass evaluates again.
 */
export async function raiseAlerts(workspaceId: string, rows: ScoreRow[]) {
  try {
    await evaluateAlerts(
      workspaceId,
      rows.map((r) => r.customerId),
    );
  } catch (err) {
    logger.error('alert evaluation failed', { workspaceId, customers: rows.length, err });
  }
}
