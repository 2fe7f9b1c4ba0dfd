"""A synthetic churn set (missing values, an all-missing and a constant column) and one shared
end-to-end trainer run on it. Several test modules inspect the same run's output, so the
trainer runs once per test process, not once per module."""

import atexit
import os
import shutil
import tempfile
from types import SimpleNamespace

import numpy as np

from support import read_json, run_trainer, write_train_manifest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NAMES = ["days_since_last_activity", "orders", "spend", "is_premium", "tickets", "always_missing", "constant", "delta"]


def synthetic(n, seed):
    rng = np.random.default_rng(seed)
    recency = rng.exponential(60, n)
    orders = rng.poisson(4, n).astype(float)
    spend = orders * rng.lognormal(3, 1, n)
    premium = (rng.random(n) < 0.3).astype(float)
    tickets = rng.poisson(1, n).astype(float)
    delta = rng.normal(0, 50, n)
    margin = 0.03 * recency - 0.4 * orders - 0.8 * premium + 0.5 * tickets * (premium == 0) + 0.01 * delta - 0.5
    y = (rng.random(n) < 1 / (1 + np.exp(-margin))).astype(np.uint8)
    x = np.column_stack([recency, orders, spend, premium, tickets, np.full(n, np.nan), np.full(n, 7.0), delta])
    # Missing values: recency unknown for some (rank as riskiest in the baseline), spend gaps.
    x[rng.random(n) < 0.1, 0] = np.nan
    x[rng.random(n) < 0.2, 2] = np.nan
    return x.astype(np.float32), y


_RUN = None


def shared_run():
    """Train xgboost, rf and logreg (hence also the blend) on 1,200 rows with 3-fold CV, an
    800-row eval set and a 401-row parity matrix whose last row is entirely missing."""
    global _RUN
    if _RUN is None:
        directory = tempfile.mkdtemp(prefix="holdfast-train-")
        atexit.register(shutil.rmtree, directory, ignore_errors=True)
        train, ev = synthetic(1200, 1), synthetic(800, 2)
        parity_x = np.vstack([synthetic(400, 3)[0], np.full((1, len(NAMES)), np.nan, dtype=np.float32)])
        manifest = write_train_manifest(
            directory, NAMES, train, ev, parity=parity_x, cv_folds=3, baseline_feature="days_since_last_activity"
        )
        proc = run_trainer(manifest)
        out = os.path.join(directory, "out")
        result = read_json(os.path.join(out, "result.json")) if proc.returncode == 0 else None
        _RUN = SimpleNamespace(
            dir=directory, out=out, proc=proc, result=result, parity_x=parity_x, eval=ev, train=train
        )
    return _RUN
