"""RandomForest candidate. scikit-learn 1.2 cannot take NaN, so missing values get the training
medians (the ONNX export repeats this with an Imputer node). The leaf size is tuned by out-of-bag
ROC-AUC, which needs no held-out rows at all."""

import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import roc_auc_score

from .folds import impute, impute_values
from .trees import finish_tree

THREADS = 2
N_TREES = 250
TUNING_TREES = 60
# Ordered, roughly geometric grid walked by hill-climbing from the middle: noisy churn data wants
# large leaves, clean data small ones, and the walk needs ~3-4 forests instead of all seven.
LEAF_SIZES = (1, 3, 8, 20, 50, 125, 300)
START = 3  # index of 20


def _forest(leaf, seed, n_trees, oob):
    return RandomForestClassifier(
        n_estimators=n_trees,
        min_samples_leaf=leaf,
        max_features="sqrt",
        oob_score=oob,
        n_jobs=THREADS,
        random_state=seed,
        warm_start=True,
    )


def fit(x, y, seed):
    fill = impute_values(x)
    xi = impute(x, fill)
    scores, forests = {}, {}

    def score(i):
        if i not in scores:
            forest = _forest(LEAF_SIZES[i], seed, TUNING_TREES, True).fit(xi, y)
            oob = forest.oob_decision_function_[:, 1]
            seen = ~np.isnan(oob)  # rows never out of bag (rare with 60 trees) are skipped
            scores[i] = roc_auc_score(y[seen], oob[seen])
            forests[i] = forest
        return scores[i]

    best = START
    for step in (1, -1):
        # Walk in one direction while the OOB AUC improves; only try the other if the first
        # step did not help.
        i = best
        while 0 <= i + step < len(LEAF_SIZES) and score(i + step) > score(i):
            i += step
        if i != best:
            best = i
            break
    forest = forests[best]
    # Grow the chosen tuning forest to full size instead of starting again.
    forest.set_params(n_estimators=N_TREES, oob_score=False)
    forest.fit(xi, y)
    params = {"n_estimators": N_TREES, "min_samples_leaf": LEAF_SIZES[best], "max_features": "sqrt"}
    tuning = [{"min_samples_leaf": LEAF_SIZES[i], "oob_roc_auc": scores[i]} for i in sorted(scores)]
    return RandomForestModel(forest, fill, params, tuning)


class RandomForestModel:
    algorithm = "rf"

    def __init__(self, forest, fill, params, tuning):
        self.forest = forest
        self.fill = fill
        self.params = params
        self.tuning = tuning

    def predict(self, x):
        return self.forest.predict_proba(impute(x, self.fill))[:, 1]

    def predict_float32(self, x):
        return self.predict(x).astype(np.float32)

    def importance(self):
        return np.asarray(self.forest.feature_importances_, dtype=np.float64)

    def trees_spec(self, feature_names):
        """scikit-learn splits are `x <= t` (t float64, x float32): the float32 threshold is the
        largest float32 not above t, which gives identical decisions for every float32 x."""
        n_trees = len(self.forest.estimators_)
        trees = []
        for est in self.forest.estimators_:
            t = est.tree_
            left = t.children_left.astype(np.int64)
            leaf = left == -1
            t64 = t.threshold
            t32 = t64.astype(np.float32)
            t32 = np.where(t32.astype(np.float64) > t64, np.nextafter(t32, np.float32(-np.inf)), t32)
            counts = t.value[:, 0, :]
            frac = counts[:, 1] / counts.sum(axis=1)
            feature = np.where(leaf, -1, t.feature.astype(np.int64))
            # Missing values are imputed before the trees; default_left records the side the
            # imputed value takes, so a walker that skips imputation still agrees.
            fill_at_node = self.fill[np.where(leaf, 0, feature)]
            trees.append(
                finish_tree(
                    feature=feature,
                    threshold=np.where(leaf, np.float32(0), t32),
                    left=left,
                    right=t.children_right.astype(np.int64),
                    default_left=~leaf & (fill_at_node <= t32),
                    leaf_value=np.where(leaf, frac / n_trees, 0.0),
                    cover=t.weighted_n_node_samples,
                )
            )
        return {
            "algorithm": "rf",
            "comparison": "le",
            "output": "sum",
            "base_value": 0.0,
            "feature_names": list(feature_names),
            "impute": [float(v) for v in self.fill],
            "trees": trees,
        }
