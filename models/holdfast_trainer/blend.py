"""The `blend` candidate: XGBoost and logistic regression averaged in logit (margin) space,
p = sigmoid((m_xgboost + m_logreg) / 2). Nothing is fitted or tuned here: the weights are fixed
at one half each, so the blend's CV figures come straight from the parts' out-of-fold margins
and stay as honest as theirs. Averaging margins rather than probabilities keeps the blend a
sum of the parts' margins, so explanations stay exact: a feature's contribution is the mean of
its (TreeSHAP / linear) contributions in the two parts."""

import numpy as np

ALGORITHM = "blend"
PARTS = ("xgboost", "logreg")
WEIGHTS = (0.5, 0.5)
COMBINE = "mean_logit"
PARAMS = {"parts": list(PARTS), "combine": COMBINE}


def wanted(algorithms):
    """A blend is added whenever both parts were requested (and never asked for by name)."""
    return all(p in algorithms for p in PARTS)


def sigmoid(z):
    z = np.asarray(z, dtype=np.float64)
    # exp of a negative number only: no overflow warnings for large |z|.
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def logit(p):
    p = np.asarray(p, dtype=np.float64)
    return np.log(p) - np.log1p(-p)


def combine(margins):
    """Blend margins from the parts' margins, in PARTS order."""
    return sum(w * np.asarray(m, dtype=np.float64) for w, m in zip(WEIGHTS, margins))


def probabilities(margins):
    return sigmoid(combine(margins))


def _shares(values):
    v = np.maximum(np.asarray(values, dtype=np.float64), 0.0)
    total = v.sum()
    return v / total if total > 0 else v


class BlendModel:
    """Wraps the two final part models (XGBoostModel, LogisticModel) and their already-built
    `trees_spec`s, so exporting the blend does not walk XGBoost's JSON dump a second time."""

    algorithm = ALGORITHM
    params = PARAMS
    tuning = ()  # nothing is tuned: fixed equal weights

    def __init__(self, parts, part_specs):
        self.parts = list(parts)
        self.part_specs = list(part_specs)

    def margin(self, x):
        return combine([p.margin(x) for p in self.parts])

    def predict(self, x):
        return sigmoid(self.margin(x))

    def predict_float32(self, x):
        """Parity reference: native XGBoost margins (float32 input, NaN as missing) and
        scikit-learn decision values, averaged, then the logistic function."""
        return self.predict(x).astype(np.float32)

    def importance(self):
        """Mean of the parts' normalised importances (gain shares and |coefficient| shares are
        on different scales, so each is normalised first); the caller renormalises to sum 1."""
        return combine([_shares(p.importance()) for p in self.parts])

    def trees_spec(self, feature_names):
        return {
            "algorithm": ALGORITHM,
            "combine": COMBINE,
            "weights": list(WEIGHTS),
            "feature_names": list(feature_names),
            "parts": self.part_specs,
        }
