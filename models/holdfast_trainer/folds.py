"""Stratified splits. Outer folds give the cross-validated metrics; each model's own
hyper-parameter search only ever sees an inner split of the rows it is trained on, so the
cross-validated figures are not flattered by tuning on the scored rows (nested CV)."""

import warnings

import numpy as np
from sklearn.model_selection import StratifiedKFold, StratifiedShuffleSplit

INNER_VALIDATION_FRACTION = 0.15


def outer_folds(y, k, seed):
    """List of (train_index, test_index); every fold keeps the overall churn rate (±1 row)."""
    skf = StratifiedKFold(n_splits=k, shuffle=True, random_state=seed)
    return list(skf.split(np.zeros(len(y)), y))


def inner_split(y, seed, fraction=INNER_VALIDATION_FRACTION):
    """One stratified (fit, validation) split of the rows a model is being trained on."""
    sss = StratifiedShuffleSplit(n_splits=1, test_size=fraction, random_state=seed)
    fit, val = next(sss.split(np.zeros(len(y)), y))
    return np.sort(fit), np.sort(val)


def impute_values(x):
    """Per-column training medians as float32; an all-missing column imputes 0. Used by the
    scikit-learn models both in training and (as an ONNX Imputer node) at scoring time."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns are expected
        med = np.nanmedian(x.astype(np.float64), axis=0)
    return np.where(np.isnan(med), 0.0, med).astype(np.float32)


def impute(x, values):
    """Replace NaN by the per-column values, keeping float32 so training, native scoring and the
    ONNX Imputer see bit-identical inputs."""
    x = np.asarray(x, dtype=np.float32)
    mask = np.isnan(x)
    if not mask.any():
        return x
    out = x.copy()
    out[mask] = np.broadcast_to(values, x.shape)[mask]
    return out
