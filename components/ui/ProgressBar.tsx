export function ProgressBar({ label, pct }: { label: string; pct: number }) {
  const value = Math.max(0, Math.min(100, pct));
  return (
    <div
      className="progress"
      role="progressbar"
      aria-valuenow={Math.round(value)}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-label={label}
    >
      <div className="progress-label">
        <span>{label}</span>
        <span>{value.toFixed(0)} %</span>
      </div>
      <div className="progress-track">
        <div className="progress-fill" style={{ width: `${value}%` }} />
      </div>
    </div>
  );
}
