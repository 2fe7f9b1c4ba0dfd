"""A deliberately naive, pure-Python evaluator of `<algo>.trees.json`, written from the documented
format only. If it reproduces the native predictions, the JSON is complete enough for the
TypeScript TreeSHAP code."""

import math


def _signed_log1p(v):
    return math.copysign(math.log1p(abs(v)), v) if v != 0 else 0.0


def _walk(tree, row, lt):
    node = 0
    while tree["feature"][node] >= 0:
        v = row[tree["feature"][node]]
        t = tree["threshold"][node]
        if math.isnan(v):
            go_left = tree["default_left"][node]
        else:
            go_left = v < t if lt else v <= t
        node = tree["left"][node] if go_left else tree["right"][node]
    return tree["value"][node]


def predict(spec, row):
    """Probability of churn for one row (a list of floats, NaN = missing)."""
    row = [float(v) for v in row]
    if spec["impute"] is not None:
        row = [spec["impute"][i] if math.isnan(v) else v for i, v in enumerate(row)]
    if spec["algorithm"] == "logreg":
        z = spec["intercept"]
        for i, v in enumerate(row):
            z += spec["coef"][i] * (_signed_log1p(v) - spec["mean"][i]) / spec["scale"][i]
        return 1 / (1 + math.exp(-z))
    lt = spec["comparison"] == "lt"
    total = spec["base_value"] + sum(_walk(tree, row, lt) for tree in spec["trees"])
    return 1 / (1 + math.exp(-total)) if spec["output"] == "logistic" else total
