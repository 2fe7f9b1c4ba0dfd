"""The one metrics implementation: cross-validation, out-of-time, the recency baseline and the
`evaluate` mode all call `compute_metrics`, so figures shown side by side are comparable."""

import math

import numpy as np
from scipy.stats import rankdata
from sklearn.metrics import average_precision_score, precision_recall_curve, roc_auc_score, roc_curve

CURVE_POINTS = 100
CALIBRATION_BINS = 10
THRESHOLD_STEPS = 100
EPS = 1e-15


def r6(value):
    """Round for JSON; NaN/inf (undefined metrics) become null."""
    if value is None:
        return None
    value = float(value)
    if math.isnan(value) or math.isinf(value):
        return None
    return round(value, 6)


def compute_metrics(y, scores, thresholds, probabilities=True):
    """Metrics for labels y (0/1) and scores. With probabilities=False (a ranking score such as
    the recency baseline) only rank-based metrics are filled in; the others are null."""
    y = np.asarray(y, dtype=np.int64)
    s = np.asarray(scores, dtype=np.float64)
    if not probabilities:
        # NaN = no recorded activity = riskiest; ranks keep every rank metric unchanged.
        s = rankdata(np.where(np.isnan(s), np.inf, s))
    n = int(y.size)
    positives = int(y.sum())
    both = 0 < positives < n
    out = {
        "rows": n,
        "positives": positives,
        "positive_rate": r6(positives / n) if n else None,
        "roc_auc": r6(roc_auc_score(y, s)) if both else None,
        "pr_auc": r6(average_precision_score(y, s)) if both else None,
        "top_decile_lift": r6(top_decile_lift(y, s)),
        "log_loss": None,
        "brier": None,
        "calibration": None,
        "confusion": None,
        "threshold_curve": None,
        "roc_curve": _roc_points(y, s) if both else None,
        "pr_curve": _pr_points(y, s) if both else None,
    }
    if probabilities and n:
        p = np.clip(s, EPS, 1 - EPS)
        out["log_loss"] = r6(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
        out["brier"] = r6(np.mean((s - y) ** 2))
        out["calibration"] = calibration(y, s)
        out["confusion"] = {tier: confusion(y, s, t) for tier, t in thresholds.items()}
        out["threshold_curve"] = threshold_curve(y, s)
    return out


def threshold_curve(y, p):
    """For every threshold 0.00, 0.01, ..., 1.00: how many rows score at or above it and how many of
    those churned (tp) or not (fp). The console's targeting simulator reads it for any threshold."""
    order = np.sort(p)
    churned = np.sort(p[y == 1])
    points = []
    for i in range(THRESHOLD_STEPS + 1):
        t = i / THRESHOLD_STEPS
        selected = int(order.size - np.searchsorted(order, t, side="left"))
        tp = int(churned.size - np.searchsorted(churned, t, side="left"))
        points.append([r6(t), selected, tp])
    return points


def top_decile_lift(y, s):
    """Churn rate among the top 10 % by score / overall churn rate. Rows tied at the cut-off count
    by their share (as if ties were broken at random), so a coarse score such as 'days since last
    activity' gets a deterministic, order-independent value."""
    n = y.size
    if n == 0 or y.sum() == 0:
        return None
    k = math.ceil(n / 10)
    order = np.argsort(-s, kind="stable")
    s_sorted, y_sorted = s[order], y[order]
    cut = s_sorted[k - 1]
    above = s_sorted > cut
    tied = s_sorted == cut
    n_above = int(above.sum())
    expected = y_sorted[above].sum() + (k - n_above) * y_sorted[tied].mean()
    return (expected / k) / (y.sum() / n)


def calibration(y, p):
    """10 equal-width probability bins; empty bins are omitted."""
    idx = np.minimum(np.floor(p * CALIBRATION_BINS).astype(np.int64), CALIBRATION_BINS - 1)
    bins = []
    for i in range(CALIBRATION_BINS):
        mask = idx == i
        count = int(mask.sum())
        if count == 0:
            continue
        bins.append(
            {
                "lower": r6(i / CALIBRATION_BINS),
                "upper": r6((i + 1) / CALIBRATION_BINS),
                "mean_predicted": r6(p[mask].mean()),
                "observed_rate": r6(y[mask].mean()),
                "count": count,
            }
        )
    return bins


def confusion(y, p, threshold):
    """Predicted churn = p >= threshold (the tier boundary)."""
    pred = p >= threshold
    tp = int(np.sum(pred & (y == 1)))
    fp = int(np.sum(pred & (y == 0)))
    fn = int(np.sum(~pred & (y == 1)))
    tn = int(np.sum(~pred & (y == 0)))
    return {
        "threshold": r6(threshold),
        "tp": tp,
        "fp": fp,
        "tn": tn,
        "fn": fn,
        "precision": r6(tp / (tp + fp)) if tp + fp else None,
        "recall": r6(tp / (tp + fn)) if tp + fn else None,
    }


def _thin(xs, ys, limit=CURVE_POINTS):
    """At most `limit` points, evenly spaced along the curve, keeping both ends."""
    if len(xs) > limit:
        keep = np.unique(np.round(np.linspace(0, len(xs) - 1, limit)).astype(np.int64))
        xs, ys = xs[keep], ys[keep]
    return [[r6(a), r6(b)] for a, b in zip(xs, ys)]


def _roc_points(y, s):
    fpr, tpr, _ = roc_curve(y, s, drop_intermediate=True)
    return _thin(fpr, tpr)


def _pr_points(y, s):
    precision, recall, _ = precision_recall_curve(y, s)
    # sklearn lists recall from 1 down to 0; charts want it ascending.
    return _thin(recall[::-1], precision[::-1])
