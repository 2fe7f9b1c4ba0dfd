"""Shared helpers for the tests and the quality scripts: write matrices + a manifest the way the
Node worker does, run the trainer as a subprocess, and read results back."""

import json
import os
import subprocess
import sys

import numpy as np

MODELS_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TRAIN_PY = os.path.join(MODELS_DIR, "train.py")
PYTHON = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable


def write_matrix(path, x):
    np.ascontiguousarray(x, dtype="<f4").tofile(path)


def write_train_manifest(directory, names, train, eval_=None, parity=None, **overrides):
    """train/eval are (x, y) pairs, parity an x matrix; paths in the manifest are relative, as
    the trainer must resolve them against the manifest's directory."""
    os.makedirs(directory, exist_ok=True)

    def dataset(prefix, x, y=None):
        write_matrix(os.path.join(directory, f"{prefix}.x.f32"), x)
        section = {"x": f"{prefix}.x.f32", "rows": int(x.shape[0])}
        if y is not None:
            np.asarray(y, dtype=np.uint8).tofile(os.path.join(directory, f"{prefix}.y.u8"))
            section["y"] = f"{prefix}.y.u8"
        return section

    manifest = {
        "version": 1,
        "mode": "train",
        "feature_names": list(names),
        "train": dataset("train", *train),
        "eval": dataset("eval", *eval_) if eval_ is not None else None,
        "parity": dataset("parity", parity) if parity is not None else None,
        "algorithms": ["xgboost", "rf", "logreg"],
        "thresholds": {"high": 0.8, "medium": 0.5},
        "baseline_feature": None,
        "cv_folds": 5,
        "seed": 42,
        "min_class_count": 50,
        "output_dir": os.path.join(directory, "out"),
    }
    manifest.update(overrides)
    path = os.path.join(directory, "manifest.json")
    with open(path, "w") as fh:
        json.dump(manifest, fh)
    return path


def run_trainer(manifest_path, timeout=600):
    return subprocess.run(
        [PYTHON, TRAIN_PY, manifest_path], capture_output=True, text=True, timeout=timeout, check=False
    )


def stdout_events(proc):
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


def read_json(path):
    with open(path) as fh:
        return json.load(fh)
