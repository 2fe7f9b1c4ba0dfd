import type { Translate } from '@/lib/i18n';
import { ScoreHistoryChart, type HistoryPoint } from './ScoreHistoryChart';

/** The score history card: the chart once there are scores, else a note that the history starts with them. */
export function HistoryCard({
  points,
  thresholds,
  t,
}: {
  points: HistoryPoint[];
  thresholds: { high: number; medium: number };
  t: Translate;
}) {
  return (
    <section className="card" aria-labelledby="history-title" data-testid="score-history">
      <h2 id="history-title" style={{ marginBottom: 2 }}>
        {t('customer.history.title')}
      </h2>
      <p className="muted" style={{ margin: '0 0 8px', fontSize: 13 }}>
        {t(points.length < 2 ? 'customer.history.helpShort' : 'customer.history.help')}
      </p>
      {points.length === 0 ? (
        <div className="empty" style={{ padding: '28px 8px' }} data-testid="history-empty">
          {t('customer.history.empty')}
        </div>
      ) : (
        <>
          <ScoreHistoryChart points={points} thresholds={thresholds} />
          {points.length === 1 && (
            <p className="muted" style={{ margin: '8px 0 0', fontSize: 13 }}>
              {t('customer.history.one')}
            </p>
          )}
        </>
      )}
    </section>
  );
}
