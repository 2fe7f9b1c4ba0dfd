import styles from './customer360.module.css';

/** What a 360 section shows while the server gathers it: its title and a shimmering block of its size. */
export function SectionSkeleton({ title, height, testId }: { title: string; height: number; testId?: string }) {
  return (
    <section className="card" aria-busy="true" data-testid={testId}>
      <h2>{title}</h2>
      <div className={styles.skeleton} style={{ height }} />
    </section>
  );
}
