"""The `train` mode: data sufficiency check, nested cross-validation and an out-of-time score
per algorithm, the recency baseline, candidate selection and the exports."""

import json
import os
import time

import numpy as np
import onnx
import sklearn
import xgboost

from . import blend, logreg, rf, xgb
from .errors import InsufficientDataError
from .folds import outer_folds
from .metrics import compute_metrics, r6
from .onnx_export import to_onnx

MODULES = {"xgboost": xgb, "rf": rf, "logreg": logreg}
LABELS = {"xgboost": "XGBoost", "rf": "RandomForest", "logreg": "logistic regression"}
# Rough relative cost of one fit, so progress moves at an even pace.
COST = {"xgboost": 1.0, "rf": 1.0, "logreg": 0.4}
EXPORT_COST = 0.3
# The blend fits nothing: only its scoring and export (both parts' graphs again) cost time.
BLEND_COST = 0.3


# Nested CV needs a few rows of each class even in the inner validation split of one outer fold,
# whatever min_class_count the caller asks for.
ABSOLUTE_MIN_PER_CLASS = 20


def check_sufficiency(y, min_class_count, folds):
    n = int(y.size)
    churners = int(y.sum())
    stayers = n - churners
    need = max(min_class_count, folds, ABSOLUTE_MIN_PER_CLASS)
    details = {"rows": n, "churners": churners, "non_churners": stayers, "required_per_class": need}
    tail = f"at least {need:,} churners and {need:,} non-churners are needed."
    if churners < need:
        raise InsufficientDataError(
            f"Too few churners to train: {churners:,} of {n:,} customers churned; {tail} "
            "Choose a longer horizon or an earlier snapshot date.",
            details,
        )
    if stayers < need:
        raise InsufficientDataError(
            f"Too few non-churners to train: {stayers:,} of {n:,} customers stayed; {tail} "
            "Choose a shorter horizon or a later snapshot date.",
            details,
        )


def _importance(values, names):
    values = np.maximum(np.asarray(values, dtype=np.float64), 0.0)
    total = values.sum()
    share = values / total if total > 0 else values
    order = sorted(range(len(names)), key=lambda i: (-share[i], i))
    return [{"feature": names[i], "importance": r6(share[i])} for i in order]


def _baseline(m):
    name = m["baseline_feature"]
    if name is None or name not in m["feature_names"]:
        return None
    col = m["feature_names"].index(name)
    train = m["train"]["x"][:, col]
    if np.isnan(train).all():
        return None
    th = m["thresholds"]
    ev = m["eval"]
    return {
        "feature": name,
        "cv": compute_metrics(m["train"]["y"], train, th, probabilities=False),
        "out_of_time": compute_metrics(ev["y"], ev["x"][:, col], th, probabilities=False) if ev else None,
    }


def _write_json(path, data):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, separators=(",", ":"), allow_nan=False)
    os.replace(tmp, path)


def _export(model, m, out_dir):
    """Writes the artefacts; returns their paths and the spec (the blend reuses its parts')."""
    algo = model.algorithm
    spec = model.trees_spec(m["feature_names"])
    onnx.save(to_onnx(spec), os.path.join(out_dir, f"{algo}.onnx"))
    _write_json(os.path.join(out_dir, f"{algo}.trees.json"), spec)
    parity = None
    if m["parity"] is not None:
        parity = f"{algo}.parity.f32"
        model.predict_float32(m["parity"]["x"]).astype("<f4").tofile(os.path.join(out_dir, parity))
    return {"onnx": f"{algo}.onnx", "trees": f"{algo}.trees.json", "parity": parity}, spec


def _entry(model, metrics, artefacts, names, fit_seconds, cv_seconds):
    """One `candidates` entry of result.json (the same keys for every algorithm)."""
    return {
        "algorithm": model.algorithm,
        "params": model.params,
        "tuning": [{k: (r6(v) if isinstance(v, float) else v) for k, v in t.items()} for t in model.tuning],
        "metrics": metrics,
        "feature_importance": _importance(model.importance(), names),
        "artefacts": artefacts,
        "fit_seconds": r6(fit_seconds),
        "cv_seconds": r6(cv_seconds),
    }


def _candidate(algo, m, folds, progress):
    module = MODULES[algo]
    x, y = m["train"]["x"], m["train"]["y"]
    th, seed, k = m["thresholds"], m["seed"], len(folds)
    oof = np.zeros(y.size, dtype=np.float64)
    # Out-of-fold margins of the blend's parts, kept so the blend's CV needs no fitting.
    oof_margin = np.zeros(y.size, dtype=np.float64) if algo in blend.PARTS else None
    started = time.perf_counter()
    for i, (tr, te) in enumerate(folds):
        progress.stage(f"{LABELS[algo]}: fold {i + 1} of {k}")
        fold_model = module.fit(x[tr], y[tr], seed)
        oof[te] = fold_model.predict(x[te])
        if oof_margin is not None:
            oof_margin[te] = fold_model.margin(x[te])
        progress.advance(COST[algo])
    cv_seconds = time.perf_counter() - started

    progress.stage(f"{LABELS[algo]}: final model on all {y.size:,} rows")
    started = time.perf_counter()
    model = module.fit(x, y, seed)
    fit_seconds = time.perf_counter() - started
    progress.advance(COST[algo])

    progress.stage(f"{LABELS[algo]}: scoring and export")
    ev = m["eval"]
    oot = compute_metrics(ev["y"], model.predict(ev["x"]), th) if ev else None
    artefacts, spec = _export(model, m, m["output_dir"])
    progress.advance(EXPORT_COST)
    metrics = {"cv": compute_metrics(y, oof, th), "out_of_time": oot}
    entry = _entry(model, metrics, artefacts, m["feature_names"], fit_seconds, cv_seconds)
    if oof_margin is None:
        return entry, None  # not a blend part: let the model (a large forest, say) be freed now
    part = {
        "model": model,
        "spec": spec,
        "cv_margin": oof_margin,
        "eval_margin": model.margin(ev["x"]) if ev else None,
        "fit_seconds": fit_seconds,
        "cv_seconds": cv_seconds,
    }
    return entry, part


def _blend_candidate(parts, m, progress):
    """The mean-logit blend of the final XGBoost and logistic models. CV and out-of-time figures
    combine the parts' out-of-fold / eval margins, so nothing is refitted; fit and CV seconds
    are the parts' sums (what the blend took to produce)."""
    parts = [parts[name] for name in blend.PARTS]
    progress.stage("blend of XGBoost and logistic regression: scoring and export")
    th, ev = m["thresholds"], m["eval"]
    model = blend.BlendModel([p["model"] for p in parts], [p["spec"] for p in parts])
    cv = compute_metrics(m["train"]["y"], blend.probabilities([p["cv_margin"] for p in parts]), th)
    oot = compute_metrics(ev["y"], blend.probabilities([p["eval_margin"] for p in parts]), th) if ev else None
    artefacts, _ = _export(model, m, m["output_dir"])
    progress.advance(BLEND_COST)
    fit_seconds = sum(p["fit_seconds"] for p in parts)
    cv_seconds = sum(p["cv_seconds"] for p in parts)
    metrics = {"cv": cv, "out_of_time": oot}
    return _entry(model, metrics, artefacts, m["feature_names"], fit_seconds, cv_seconds)


def _choose(candidates):
    def auc(c, key):
        value = c["metrics"][key] and c["metrics"][key]["roc_auc"]
        return -1.0 if value is None else value

    oot = [c for c in candidates if c["metrics"]["out_of_time"] and c["metrics"]["out_of_time"]["roc_auc"] is not None]
    key = "out_of_time" if oot else "cv"
    # max() keeps the first of equals, i.e. the manifest's order breaks ties.
    best = max(oot or candidates, key=lambda c: auc(c, key))
    return best["algorithm"], key


def run_train(m, progress):
    started = time.perf_counter()
    y = m["train"]["y"]
    check_sufficiency(y, m["min_class_count"], m["cv_folds"])
    folds = outer_folds(y, m["cv_folds"], m["seed"])
    with_blend = blend.wanted(m["algorithms"])
    progress.total = (
        sum(COST[a] * (len(folds) + 1) + EXPORT_COST for a in m["algorithms"])
        + (BLEND_COST if with_blend else 0.0)
        + 0.1
    )

    candidates, parts = [], {}
    for algo in m["algorithms"]:
        entry, parts[algo] = _candidate(algo, m, folds, progress)
        candidates.append(entry)
    if with_blend:
        # Listed last, so a tie in the selection goes to a single model (the simpler one).
        candidates.append(_blend_candidate(parts, m, progress))
    progress.stage("baseline and summary")
    baseline = _baseline(m)
    chosen, selection = _choose(candidates)
    ev = m["eval"]
    result = {
        "chosen": chosen,
        "selection": selection,
        "candidates": candidates,
        "baseline": baseline,
        "rows": {
            "train": int(y.size),
            "train_positives": int(y.sum()),
            "eval": int(ev["y"].size) if ev else None,
            "eval_positives": int(ev["y"].sum()) if ev else None,
        },
        "seconds": r6(time.perf_counter() - started),
        "versions": {"xgboost": xgboost.__version__, "sklearn": sklearn.__version__, "onnx": onnx.__version__},
    }
    path = os.path.join(m["output_dir"], "result.json")
    _write_json(path, result)
    return path
