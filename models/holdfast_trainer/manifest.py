"""Reading and validating the JSON manifest written by the Node worker, and the raw matrices it
points to. Every check names the offending field so the message is actionable."""

import json
import os

import numpy as np

from .errors import ManifestError

ALGORITHMS = ("xgboost", "rf", "logreg")
DEFAULT_THRESHOLDS = {"high": 0.8, "medium": 0.5}


def load_manifest(path):
    try:
        with open(path, "r", encoding="utf-8") as fh:
            raw = json.load(fh)
    except FileNotFoundError:
        raise ManifestError("manifest", f"file not found: {path}")
    except (ValueError, UnicodeDecodeError) as exc:
        raise ManifestError("manifest", f"not valid JSON ({exc})")
    if not isinstance(raw, dict):
        raise ManifestError("manifest", "must be a JSON object")
    if raw.get("version") != 1:
        raise ManifestError("version", f"expected 1, got {raw.get('version')!r}")
    base_dir = os.path.dirname(os.path.abspath(path))
    mode = raw.get("mode", "train")
    if mode == "train":
        return _train_manifest(raw, base_dir)
    if mode == "evaluate":
        return _evaluate_manifest(raw, base_dir)
    raise ManifestError("mode", f"expected 'train' or 'evaluate', got {mode!r}")


def _resolve(base_dir, value, field):
    if not isinstance(value, str) or not value:
        raise ManifestError(field, "must be a non-empty path string")
    path = value if os.path.isabs(value) else os.path.join(base_dir, value)
    if not os.path.isfile(path):
        raise ManifestError(field, f"file not found: {path}")
    return path


def _int(raw, field, default=None, minimum=None):
    value = raw.get(field, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ManifestError(field, f"must be an integer, got {value!r}")
    if minimum is not None and value < minimum:
        raise ManifestError(field, f"must be at least {minimum}, got {value}")
    return value


def _rows(section, prefix):
    rows = section.get("rows")
    if isinstance(rows, bool) or not isinstance(rows, int) or rows < 0:
        raise ManifestError(f"{prefix}rows", f"must be a non-negative integer, got {rows!r}")
    return rows


def read_matrix(path, rows, cols, field):
    """Raw little-endian float32, row-major. NaN means missing; infinities are rejected because
    neither the models nor the ONNX export give them a defined meaning."""
    expected = rows * cols * 4
    size = os.path.getsize(path)
    if size != expected:
        raise ManifestError(field, f"{path} has {size} bytes, expected {expected} ({rows} rows x {cols} features x 4)")
    x = np.fromfile(path, dtype="<f4").astype(np.float32, copy=False).reshape(rows, cols)
    if np.isinf(x).any():
        raise ManifestError(field, "contains infinite values; use NaN for missing values")
    return x


def read_vector(path, rows, dtype, field):
    itemsize = np.dtype(dtype).itemsize
    size = os.path.getsize(path)
    if size != rows * itemsize:
        raise ManifestError(field, f"{path} has {size} bytes, expected {rows * itemsize} ({rows} rows)")
    return np.fromfile(path, dtype=dtype)


def read_labels(path, rows, field):
    y = read_vector(path, rows, np.uint8, field)
    if y.size and y.max() > 1:
        raise ManifestError(field, "labels must be 0 (stayed) or 1 (churned)")
    return y.astype(np.int64)


def _thresholds(raw):
    value = raw.get("thresholds", DEFAULT_THRESHOLDS)
    if not isinstance(value, dict):
        raise ManifestError("thresholds", "must be an object like {\"high\": 0.8, \"medium\": 0.5}")
    out = {}
    for tier in ("high", "medium"):
        t = value.get(tier, DEFAULT_THRESHOLDS[tier])
        if isinstance(t, bool) or not isinstance(t, (int, float)) or not (0.0 < t <= 1.0):
            raise ManifestError(f"thresholds.{tier}", f"must be a number in (0, 1], got {t!r}")
        out[tier] = float(t)
    return out


def _output_dir(raw, base_dir):
    out = raw.get("output_dir")
    if not isinstance(out, str) or not out:
        raise ManifestError("output_dir", "must be a non-empty path string")
    out = out if os.path.isabs(out) else os.path.join(base_dir, out)
    try:
        os.makedirs(out, exist_ok=True)
    except OSError as exc:
        raise ManifestError("output_dir", f"cannot create {out} ({exc.strerror})")
    return out


def _train_manifest(raw, base_dir):
    names = raw.get("feature_names")
    if not isinstance(names, list) or not names or not all(isinstance(n, str) and n for n in names):
        raise ManifestError("feature_names", "must be a non-empty list of feature names")
    if len(set(names)) != len(names):
        dupes = sorted({n for n in names if names.count(n) > 1})
        raise ManifestError("feature_names", f"duplicate names: {', '.join(dupes)}")
    n_features = len(names)

    def dataset(field, with_labels, required):
        section = raw.get(field)
        if section is None:
            if required:
                raise ManifestError(field, "is required")
            return None
        if not isinstance(section, dict):
            raise ManifestError(field, "must be an object with x, y and rows")
        rows = _rows(section, f"{field}.")
        if rows == 0 and not required:
            raise ManifestError(f"{field}.rows", "must be at least 1 (use null to leave the set out)")
        x = read_matrix(_resolve(base_dir, section.get("x"), f"{field}.x"), rows, n_features, f"{field}.x")
        y = read_labels(_resolve(base_dir, section.get("y"), f"{field}.y"), rows, f"{field}.y") if with_labels else None
        return {"x": x, "y": y, "rows": rows}

    algorithms = raw.get("algorithms", list(ALGORITHMS))
    if not isinstance(algorithms, list) or not algorithms:
        raise ManifestError("algorithms", f"must be a non-empty list drawn from {', '.join(ALGORITHMS)}")
    for algo in algorithms:
        if algo not in ALGORITHMS:
            raise ManifestError("algorithms", f"unknown algorithm {algo!r}; known: {', '.join(ALGORITHMS)}")
    if len(set(algorithms)) != len(algorithms):
        raise ManifestError("algorithms", "lists an algorithm twice")

    baseline = raw.get("baseline_feature")
    if baseline is not None and not isinstance(baseline, str):
        raise ManifestError("baseline_feature", "must be a feature name or null")

    return {
        "mode": "train",
        "feature_names": names,
        "train": dataset("train", True, True),
        "eval": dataset("eval", True, False),
        "parity": dataset("parity", False, False),
        "algorithms": algorithms,
        "thresholds": _thresholds(raw),
        "baseline_feature": baseline,
        "cv_folds": _int(raw, "cv_folds", 5, minimum=2),
        "seed": _int(raw, "seed", 42, minimum=0),
        "min_class_count": _int(raw, "min_class_count", 50, minimum=1),
        "output_dir": _output_dir(raw, base_dir),
    }


def _evaluate_manifest(raw, base_dir):
    rows = _rows(raw, "")
    y = read_labels(_resolve(base_dir, raw.get("y"), "y"), rows, "y")
    p = read_vector(_resolve(base_dir, raw.get("p"), "p"), rows, "<f4", "p").astype(np.float64)
    finite = p[~np.isnan(p)]
    if np.isnan(p).any() or (finite.size and (finite.min() < 0 or finite.max() > 1)):
        raise ManifestError("p", "probabilities must be numbers between 0 and 1")
    baseline = None
    if raw.get("baseline") is not None:
        path = _resolve(base_dir, raw.get("baseline"), "baseline")
        baseline = read_vector(path, rows, "<f4", "baseline").astype(np.float64)
    return {
        "mode": "evaluate",
        "y": y,
        "p": p,
        "baseline": baseline,
        "thresholds": _thresholds(raw),
        "output_dir": _output_dir(raw, base_dir),
    }
