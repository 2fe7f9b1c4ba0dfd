"""The `evaluate` mode: Node scores a model with onnxruntime and asks for the metrics only, so
there is a single metrics implementation for training and monitoring."""

import os

from .metrics import compute_metrics
from .training import _write_json


def run_evaluate(m, progress):
    progress.stage("computing metrics")
    result = {
        "metrics": compute_metrics(m["y"], m["p"], m["thresholds"]),
        "baseline": None
        if m["baseline"] is None
        else compute_metrics(m["y"], m["baseline"], m["thresholds"], probabilities=False),
    }
    path = os.path.join(m["output_dir"], "evaluation.json")
    _write_json(path, result)
    return path
