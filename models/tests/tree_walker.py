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


def margin(spec, row):
    """The raw output before any logistic function: xgboost's and logreg's margin, rf's summed
    leaf fractions; for a blend the weighted sum of its parts' margins."""
    row = [float(v) for v in row]
    if spec["algorithm"] == "blend":
        return sum(w * margin(part, row) for w, part in zip(spec["weights"], spec["parts"]))
    if spec["impute"] is not None:
        row = [spec["impute"][i] if math.isnan(v) else v for i, v in enumerate(row)]
    if spec["algorithm"] == "logreg":
        z = spec["intercept"]
        for i, v in enumerate(row):
            z += spec["coef"][i] * (_signed_log1p(v) - spec["mean"][i]) / spec["scale"][i]
        return z
    lt = spec["comparison"] == "lt"
    return spec["base_value"] + sum(_walk(tree, row, lt) for tree in spec["trees"])


def predict(spec, row):
    """Probability of churn for one row (a list of floats, NaN = missing)."""
    z = margin(spec, row)
    if spec["algorithm"] in ("logreg", "blend") or spec["output"] == "logistic":
        return 1 / (1 + math.exp(-z))
    return z
