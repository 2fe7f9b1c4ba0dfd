'use client';
import { useMemo, useState } from 'react';
import { useI18n } from '@/components/i18n/I18nProvider';
import { bucketHistogram } from '@/lib/dashboard/histogram';
import { simulateTargeting } from '@/lib/dashboard/simulator';
import { RiskHistogram } from './RiskHistogram';
import { TargetingSimulator, type SimulatorModel } from './TargetingSimulator';
import styles from './dashboard.module.css';

/** The probability histogram and the targeting simulator side by side, sharing the simulator's threshold. */
export function RiskDistribution({
  histogram,
  scored,
  thresholds,
  model,
  canSeeModels,
}: {
  histogram: number[];
  scored: number;
  thresholds: { high: number; medium: number };
  model: SimulatorModel;
  canSeeModels: boolean;
}) {
  const { t } = useI18n();
  // Whole percentages: the histogram and the evaluation curve both step by 0.01.
  const [percent, setPercent] = useState(() => Math.min(99, Math.max(1, Math.round(thresholds.high * 100))));
  const buckets = useMemo(() => bucketHistogram(histogram, thresholds), [histogram, thresholds]);
  const result = simulateTargeting(percent / 100, histogram, model?.evaluation ?? null);
  return (
    <div className={styles.distribution}>
      <div className="card">
        <h2>{t('dashboard.histogram.title')}</h2>
        <p className={styles.help}>{t('dashboard.histogram.help')}</p>
        <RiskHistogram buckets={buckets} thresholds={thresholds} target={percent / 100} />
      </div>
      <TargetingSimulator
        percent={percent}
        onChange={setPercent}
        result={result}
        scored={scored}
        thresholds={thresholds}
        model={model}
        canSeeModels={canSeeModels}
      />
    </div>
  );
}
