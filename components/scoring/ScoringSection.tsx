import type { TTierThresholds } from '@/lib/scoring/schemas';
import type { ScoringView } from '@/lib/scoring/views';
import { ScoringPanel } from './ScoringPanel';
import { ThresholdsForm } from './ThresholdsForm';
import styles from './scoring.module.css';

/** The models page's scoring row: runs and "Score now" beside the risk tier thresholds. */
export function ScoringSection({
  scoring,
  thresholds,
  canWrite,
  hasChampion,
}: {
  scoring: ScoringView;
  thresholds: TTierThresholds;
  canWrite: boolean;
  hasChampion: boolean;
}) {
  return (
    <section className={styles.layout} aria-labelledby="scoring-title">
      <ScoringPanel initial={scoring} canWrite={canWrite} hasChampion={hasChampion} />
      <ThresholdsForm thresholds={thresholds} canWrite={canWrite} />
    </section>
  );
}
