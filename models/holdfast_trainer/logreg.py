"""Logistic regression candidate: median imputation, signed log1p (tames the heavy tails of
counts and amounts without needing to know which columns they are), standardisation, then an
L2-penalised logistic regression whose strength C is chosen on an inner stratified split."""

import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression

from .folds import impute, impute_values, inner_split

C_GRID = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
MAX_ITER = 5000


class Transform:
    """impute -> sign(x)*log1p(|x|) -> (x - mean) / scale. Parameters are rounded to float32 when
    fitted so the native pipeline and the float32 ONNX graph use the very same constants."""

    def __init__(self, x):
        self.fill = impute_values(x)
        t = self._signed_log1p(x)
        self.mean = t.mean(axis=0).astype(np.float32)
        std = t.std(axis=0)
        # Constant columns keep scale 1 (their centred value is 0 anyway).
        self.scale = np.where(std > 1e-12, std, 1.0).astype(np.float32)

    def _signed_log1p(self, x):
        z = impute(x, self.fill).astype(np.float64)
        return np.sign(z) * np.log1p(np.abs(z))

    def __call__(self, x):
        return (self._signed_log1p(x) - self.mean) / self.scale


def _log_loss(y, p):
    p = np.clip(p, 1e-15, 1 - 1e-15)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def _model(c):
    return LogisticRegression(C=c, solver="lbfgs", max_iter=MAX_ITER, warm_start=True)


def fit(x, y, seed):
    fit_idx, val_idx = inner_split(y, seed)
    tf = Transform(x[fit_idx])
    z_fit, z_val = tf(x[fit_idx]), tf(x[val_idx])
    tried = []
    model = None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for c in C_GRID:
            # Warm start along the regularisation path: each fit starts from the previous optimum.
            if model is None:
                model = _model(c)
            model.set_params(C=c)
            model.fit(z_fit, y[fit_idx])
            tried.append({"C": c, "inner_log_loss": _log_loss(y[val_idx], model.predict_proba(z_val)[:, 1])})
        best = min(tried, key=lambda t: t["inner_log_loss"])
        tf = Transform(x)
        final = _model(best["C"]).fit(tf(x), y)
    params = {"C": best["C"], "penalty": "l2", "transform": "signed_log1p", "standardise": True}
    return LogisticModel(final, tf, params, tried)


class LogisticModel:
    algorithm = "logreg"

    def __init__(self, model, transform, params, tuning):
        self.model = model
        self.transform = transform
        self.params = params
        self.tuning = tuning

    def predict(self, x):
        return self.model.predict_proba(self.transform(x))[:, 1]

    def predict_float32(self, x):
        return self.predict(x).astype(np.float32)

    def margin(self, x):
        """intercept + coef · transformed x, the value before the logistic function."""
        return self.model.decision_function(self.transform(x)).astype(np.float64)

    def importance(self):
        """|coefficient| on the standardised scale: comparable across features."""
        return np.abs(self.model.coef_[0]).astype(np.float64)

    def trees_spec(self, feature_names):
        """Not trees, but the same role: everything needed to recompute (and explain) a score."""
        tf = self.transform
        return {
            "algorithm": "logreg",
            "transform": "signed_log1p",
            "impute": [float(v) for v in tf.fill],
            "mean": [float(v) for v in tf.mean],
            "scale": [float(v) for v in tf.scale],
            "coef": [float(v) for v in self.model.coef_[0]],
            "intercept": float(self.model.intercept_[0]),
            "feature_names": list(feature_names),
        }
