"""Cross-validation is stratified and honest; selection and baseline rules."""

import os
import shutil
import sys
import tempfile
import unittest

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from holdfast_trainer.folds import impute, impute_values, inner_split, outer_folds  # noqa: E402
from holdfast_trainer.training import _baseline, _choose  # noqa: E402
from support import read_json, run_trainer, write_train_manifest  # noqa: E402


class StratifiedFolds(unittest.TestCase):
    def test_outer_folds_partition_rows_and_keep_the_churn_rate(self):
        rng = np.random.default_rng(3)
        y = (rng.random(1003) < 0.13).astype(np.int64)
        folds = outer_folds(y, 5, 42)
        self.assertEqual(len(folds), 5)
        tests = np.concatenate([te for _, te in folds])
        self.assertEqual(sorted(tests.tolist()), list(range(y.size)))
        per_fold = [int(y[te].sum()) for _, te in folds]
        self.assertLessEqual(max(per_fold) - min(per_fold), 1)
        for tr, te in folds:
            self.assertEqual(len(np.intersect1d(tr, te)), 0)
        # Same seed, same folds: CV figures are reproducible.
        again = outer_folds(y, 5, 42)
        self.assertTrue(all(np.array_equal(a[1], b[1]) for a, b in zip(folds, again)))

    def test_inner_split_is_stratified_and_about_15_percent(self):
        y = np.array([1] * 100 + [0] * 900)
        fit, val = inner_split(y, 7)
        self.assertEqual(len(val), 150)
        self.assertEqual(int(y[val].sum()), 15)
        self.assertEqual(len(np.intersect1d(fit, val)), 0)

    def test_imputation_uses_medians_and_zero_for_empty_columns(self):
        x = np.array([[1, np.nan, 5], [3, np.nan, np.nan], [np.nan, np.nan, 7]], dtype=np.float32)
        values = impute_values(x)
        self.assertEqual(values.tolist(), [2.0, 0.0, 6.0])
        self.assertEqual(impute(x, values)[2].tolist(), [2.0, 0.0, 7.0])
        self.assertEqual(values.dtype, np.float32)


class HonestCrossValidation(unittest.TestCase):
    def test_pure_noise_scores_near_chance(self):
        # With tuning inside each fold, labels unrelated to the features cannot look predictable.
        directory = tempfile.mkdtemp(prefix="holdfast-noise-")
        try:
            rng = np.random.default_rng(11)
            x = rng.normal(size=(600, 40)).astype(np.float32)
            y = (rng.random(600) < 0.3).astype(np.uint8)
            names = [f"f{i}" for i in range(40)]
            path = write_train_manifest(directory, names, (x, y), algorithms=["logreg", "xgboost"], cv_folds=3)
            proc = run_trainer(path)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            result = read_json(os.path.join(directory, "out", "result.json"))
            self.assertEqual(result["selection"], "cv")
            for c in result["candidates"]:
                self.assertLess(abs(c["metrics"]["cv"]["roc_auc"] - 0.5), 0.08, c["algorithm"])
                self.assertIsNone(c["metrics"]["out_of_time"])
        finally:
            shutil.rmtree(directory, ignore_errors=True)


def _cand(algo, cv, oot):
    return {
        "algorithm": algo,
        "metrics": {"cv": {"roc_auc": cv}, "out_of_time": None if oot is False else {"roc_auc": oot}},
    }


class Selection(unittest.TestCase):
    def test_out_of_time_auc_wins_when_there_is_an_eval_set(self):
        chosen = _choose([_cand("xgboost", 0.80, 0.70), _cand("rf", 0.75, 0.72), _cand("logreg", 0.9, 0.71)])
        self.assertEqual(chosen, ("rf", "out_of_time"))

    def test_cv_auc_decides_without_eval_or_when_eval_has_one_class(self):
        self.assertEqual(_choose([_cand("xgboost", 0.8, False), _cand("rf", 0.81, False)]), ("rf", "cv"))
        self.assertEqual(_choose([_cand("xgboost", 0.8, None), _cand("rf", 0.81, None)]), ("rf", "cv"))

    def test_baseline_is_null_without_a_usable_column(self):
        x = np.array([[np.nan, 1.0], [np.nan, 2.0]], dtype=np.float32)
        m = {
            "feature_names": ["recency", "orders"],
            "train": {"x": x, "y": np.array([0, 1])},
            "eval": None,
            "thresholds": {"high": 0.8, "medium": 0.5},
        }
        self.assertIsNone(_baseline({**m, "baseline_feature": None}))
        self.assertIsNone(_baseline({**m, "baseline_feature": "unknown"}))
        self.assertIsNone(_baseline({**m, "baseline_feature": "recency"}))  # all missing
        b = _baseline({**m, "baseline_feature": "orders"})
        self.assertEqual(b["cv"]["roc_auc"], 1.0)
        self.assertIsNone(b["out_of_time"])


if __name__ == "__main__":
    unittest.main()
