"""XGBoost candidate: gradient-boosted trees with a small generic search chosen on an inner
stratified split, then a refit on every row it was given. Missing values (NaN) are handled by
XGBoost natively (learned default directions), so no imputation is needed."""

import json

import numpy as np
import xgboost as xgb

from .folds import INNER_VALIDATION_FRACTION, inner_split
from .trees import finish_tree

THREADS = 2
MAX_ROUNDS = 2000
PATIENCE = 50

# A few generic shapes rather than a per-dataset grid: depth 1 is an additive model (strong on
# nearly linear data such as subscription snapshots), deeper trees capture interactions; deeper
# settings get a smaller step and more regularisation because they overfit faster.
SEARCH = (
    {"max_depth": 1, "learning_rate": 0.1, "min_child_weight": 1},
    {"max_depth": 2, "learning_rate": 0.05, "min_child_weight": 1},
    {"max_depth": 3, "learning_rate": 0.04, "min_child_weight": 3},
    {"max_depth": 4, "learning_rate": 0.03, "min_child_weight": 5},
    {"max_depth": 6, "learning_rate": 0.03, "min_child_weight": 10},
)
COMMON = {
    "objective": "binary:logistic",
    "eval_metric": "logloss",
    "tree_method": "hist",
    "subsample": 0.8,
    "colsample_bytree": 0.8,
    "reg_lambda": 1.0,
    "nthread": THREADS,
    "verbosity": 1,
}


def _params(setting, y, seed):
    # Starting from the churn rate instead of 0.5 saves rounds; it is exported as the base margin.
    prior = float(np.clip(y.mean(), 1e-6, 1 - 1e-6))
    return {**COMMON, **setting, "base_score": prior, "seed": seed}


def fit(x, y, seed):
    """Pick a setting and a number of rounds on an inner split of (x, y), then refit on all of it."""
    fit_idx, val_idx = inner_split(y, seed)
    d_fit = xgb.DMatrix(x[fit_idx], label=y[fit_idx], nthread=THREADS)
    d_val = xgb.DMatrix(x[val_idx], label=y[val_idx], nthread=THREADS)
    tried = []
    for setting in SEARCH:
        booster = xgb.train(
            _params(setting, y[fit_idx], seed),
            d_fit,
            num_boost_round=MAX_ROUNDS,
            evals=[(d_val, "validation")],
            early_stopping_rounds=PATIENCE,
            verbose_eval=False,
        )
        tried.append({**setting, "best_rounds": booster.best_iteration + 1, "inner_log_loss": float(booster.best_score)})
    best = min(tried, key=lambda t: t["inner_log_loss"])
    setting = {k: best[k] for k in SEARCH[0]}
    # The refit sees 1/(1-f) times as many rows as the inner fit, so it can take more rounds.
    rounds = max(1, int(round(best["best_rounds"] / (1 - INNER_VALIDATION_FRACTION))))
    params = _params(setting, y, seed)
    booster = xgb.train(params, xgb.DMatrix(x, label=y, nthread=THREADS), num_boost_round=rounds)
    chosen = {
        **setting,
        "n_rounds": rounds,
        "subsample": COMMON["subsample"],
        "colsample_bytree": COMMON["colsample_bytree"],
        "reg_lambda": COMMON["reg_lambda"],
        "base_score": params["base_score"],
    }
    return XGBoostModel(booster, x.shape[1], chosen, tried)


class XGBoostModel:
    algorithm = "xgboost"

    def __init__(self, booster, n_features, params, tuning):
        self.booster = booster
        self.n_features = n_features
        self.params = params
        self.tuning = tuning

    def predict(self, x):
        return self.predict_float32(x).astype(np.float64)

    def predict_float32(self, x):
        """Native XGBoost probabilities on float32 input with NaN as missing (the parity reference)."""
        return np.asarray(self.booster.inplace_predict(np.asarray(x, dtype=np.float32)), dtype=np.float32).reshape(-1)

    def margin(self, x):
        """Native raw margin (base margin + leaf sums, before the logistic function), as the blend
        needs it: logit(probability) would lose everything beyond float32's saturation at 1.0."""
        x = np.asarray(x, dtype=np.float32)
        return np.asarray(self.booster.inplace_predict(x, predict_type="margin"), dtype=np.float64).reshape(-1)

    def importance(self):
        """Total gain per feature (features never split on get 0)."""
        gain = self.booster.get_score(importance_type="total_gain")
        return np.array([gain.get(f"f{i}", 0.0) for i in range(self.n_features)], dtype=np.float64)

    def trees_spec(self, feature_names):
        """The ensemble as read back from XGBoost's own JSON dump: float32 split thresholds
        (`x < t` goes left), learned default directions for NaN and leaf margins."""
        model = json.loads(self.booster.save_raw(raw_format="json"))
        learner = model["learner"]
        p = np.float32(float(learner["learner_model_param"]["base_score"]))
        # XGBoost turns base_score into a margin in float32: -log(1/p - 1).
        base_margin = -np.log(np.float32(1.0) / p - np.float32(1.0), dtype=np.float32)
        trees = []
        for tree in learner["gradient_booster"]["model"]["trees"]:
            left = np.asarray(tree["left_children"], dtype=np.int64)
            right = np.asarray(tree["right_children"], dtype=np.int64)
            leaf = left == -1
            cond = np.asarray(tree["split_conditions"], dtype=np.float32)
            feature = np.where(leaf, -1, np.asarray(tree["split_indices"], dtype=np.int64))
            trees.append(
                finish_tree(
                    feature=feature,
                    threshold=np.where(leaf, np.float32(0), cond).astype(np.float32),
                    left=left,
                    right=np.where(leaf, -1, right),
                    default_left=np.asarray(tree["default_left"], dtype=bool) & ~leaf,
                    leaf_value=np.where(leaf, cond, np.float32(0)).astype(np.float32),
                    cover=np.asarray(tree["sum_hessian"], dtype=np.float64),
                )
            )
        return {
            "algorithm": "xgboost",
            "comparison": "lt",
            "output": "logistic",
            "base_value": float(base_margin),
            "feature_names": list(feature_names),
            "impute": None,
            "trees": trees,
        }
