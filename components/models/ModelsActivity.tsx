'use client';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ActivityView } from '@/lib/ml/views';
import { FeaturesPanel } from './FeaturesPanel';
import { RunList } from './RunList';
import { TrainForm } from './TrainForm';
import styles from './models.module.css';

const POLL_MS = 1000;
const isActive = (s: { status: string }) => s.status === 'queued' || s.status === 'running';

function activeIds(a: ActivityView): Set<string> {
  return new Set([...a.runs, ...a.snapshots].filter(isActive).map((x) => x.id));
}

/**
 * The live part of the models page: the train form and the features button (for models.write holders) and the
 * training runs. Polls /api/models/activity while anything is queued or running, and refreshes the server-rendered
 * registry once a run ends so its new model shows up.
 */
export function ModelsActivity({ initial, canWrite }: { initial: ActivityView; canWrite: boolean }) {
  const router = useRouter();
  const [activity, setActivity] = useState(initial);
  const [pollError, setPollError] = useState(false);
  const watching = useRef(activeIds(initial));

  const poll = useCallback(async () => {
    try {
      const res = await fetch('/api/models/activity', { cache: 'no-store' });
      if (!res.ok) throw new Error(String(res.status));
      const next = (await res.json()) as ActivityView;
      const now = activeIds(next);
      const ended = [...watching.current].some((id) => !now.has(id));
      watching.current = now;
      setActivity(next);
      setPollError(false);
      if (ended) router.refresh();
    } catch {
      setPollError(true);
    }
  }, [router]);

  const busy = activity.runs.some(isActive) || activity.snapshots.some(isActive);
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(poll, POLL_MS);
    return () => clearInterval(timer);
  }, [busy, poll]);

  // A run or snapshot just started: fetch at once so it shows (and polling starts) without waiting a tick.
  const onStarted = useCallback(() => void poll(), [poll]);

  return (
    <>
      {canWrite && (
        <div className={styles.charts} style={{ gridTemplateColumns: 'minmax(0, 2fr) minmax(280px, 1fr)' }}>
          <TrainForm onStarted={onStarted} />
          <FeaturesPanel snapshots={activity.snapshots} onStarted={onStarted} />
        </div>
      )}
      <RunList runs={activity.runs} pollError={pollError} />
    </>
  );
}
