"""The shared metrics function against values worked out by hand on tiny examples."""

import math
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from holdfast_trainer.metrics import compute_metrics, r6, top_decile_lift  # noqa: E402

TH = {"high": 0.8, "medium": 0.5}


class MetricsOnATinyExample(unittest.TestCase):
    # 4 churners, 6 stayers. Scores sorted: 0.9(1) 0.8(1) 0.7(0) 0.6(1) 0.5(0) 0.4(0) 0.3(1) 0.2(0) 0.1(0) 0.05(0)
    y = np.array([1, 1, 0, 1, 0, 0, 1, 0, 0, 0])
    p = np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05])

    def setUp(self):
        self.m = compute_metrics(self.y, self.p, TH)

    def test_counts_and_rate(self):
        self.assertEqual(self.m["rows"], 10)
        self.assertEqual(self.m["positives"], 4)
        self.assertEqual(self.m["positive_rate"], 0.4)

    def test_roc_auc_counts_correctly_ordered_pairs(self):
        # Pairs (churner above stayer): 0.9 -> 6, 0.8 -> 6, 0.6 -> 5, 0.3 -> 3; 20 of 24.
        self.assertAlmostEqual(self.m["roc_auc"], round(20 / 24, 6))

    def test_pr_auc_is_average_precision(self):
        # Precision at each churner's rank: 1/1, 2/2, 3/4, 4/7.
        self.assertAlmostEqual(self.m["pr_auc"], round((1 + 1 + 3 / 4 + 4 / 7) / 4, 6))

    def test_log_loss_and_brier(self):
        ll = -np.mean([math.log(p) if t else math.log(1 - p) for t, p in zip(self.y, self.p)])
        brier = np.mean((self.p - self.y) ** 2)
        self.assertAlmostEqual(self.m["log_loss"], round(ll, 6))
        self.assertAlmostEqual(self.m["brier"], round(brier, 6))

    def test_threshold_curve_counts_rows_at_or_above_each_threshold(self):
        curve = self.m["threshold_curve"]
        self.assertEqual(len(curve), 101)
        self.assertEqual(curve[0], [0.0, 10, 4])
        # Agrees with the confusion counts at the tier thresholds.
        self.assertEqual(curve[80], [0.8, 2, 2])
        self.assertEqual(curve[50], [0.5, 5, 3])
        self.assertEqual(curve[91], [0.91, 0, 0])

    def test_top_decile_lift(self):
        # Top 10 % = 1 row (a churner): rate 1.0 / overall 0.4.
        self.assertAlmostEqual(self.m["top_decile_lift"], 2.5)

    def test_confusion_uses_p_at_least_threshold(self):
        high = self.m["confusion"]["high"]
        # p >= 0.8: rows 0.9 and 0.8, both churners.
        self.assertEqual((high["tp"], high["fp"], high["tn"], high["fn"]), (2, 0, 6, 2))
        self.assertEqual(high["threshold"], 0.8)
        self.assertEqual(high["precision"], 1.0)
        self.assertEqual(high["recall"], 0.5)
        medium = self.m["confusion"]["medium"]
        # p >= 0.5: 0.9 0.8 0.7 0.6 0.5 -> churners 3, stayers 2.
        self.assertEqual((medium["tp"], medium["fp"], medium["tn"], medium["fn"]), (3, 2, 4, 1))
        self.assertEqual(medium["precision"], 0.6)
        self.assertEqual(medium["recall"], 0.75)

    def test_calibration_bins_are_equal_width_and_skip_empty(self):
        bins = self.m["calibration"]
        # Every score falls in its own decile bin except 0.05 (bin 0); 0.9 lands in [0.9, 1.0].
        self.assertEqual([b["lower"] for b in bins], [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9])
        first = bins[0]
        self.assertEqual(first, {"lower": 0.0, "upper": 0.1, "mean_predicted": 0.05, "observed_rate": 0.0, "count": 1})
        self.assertEqual(bins[-1]["count"], 1)
        self.assertEqual(bins[-1]["observed_rate"], 1.0)
        sparse = compute_metrics(np.array([0, 1]), np.array([0.12, 0.97]), TH)["calibration"]
        self.assertEqual([(b["lower"], b["count"]) for b in sparse], [(0.1, 1), (0.9, 1)])

    def test_curves_run_from_corner_to_corner(self):
        roc = self.m["roc_curve"]
        self.assertEqual(roc[0], [0.0, 0.0])
        self.assertEqual(roc[-1], [1.0, 1.0])
        pr = self.m["pr_curve"]
        self.assertEqual(pr[0][0], 0.0)  # recall ascending
        self.assertEqual(pr[-1], [1.0, 0.4])  # everyone flagged: recall 1, precision = churn rate

    def test_curves_are_thinned_to_about_100_points(self):
        rng = np.random.default_rng(0)
        y = rng.integers(0, 2, 5000)
        p = rng.random(5000)
        m = compute_metrics(y, p, TH)
        self.assertLessEqual(len(m["roc_curve"]), 100)
        self.assertLessEqual(len(m["pr_curve"]), 100)
        self.assertEqual(m["roc_curve"][-1], [1.0, 1.0])


class MetricsEdgeCases(unittest.TestCase):
    def test_single_class_gives_null_rank_metrics(self):
        m = compute_metrics(np.zeros(5, dtype=int), np.full(5, 0.3), TH)
        self.assertIsNone(m["roc_auc"])
        self.assertIsNone(m["pr_auc"])
        self.assertIsNone(m["top_decile_lift"])
        self.assertIsNone(m["roc_curve"])
        self.assertIsNone(m["confusion"]["medium"]["precision"])  # nothing flagged
        self.assertEqual(m["confusion"]["medium"]["tn"], 5)

    def test_rounding_and_nan_to_null(self):
        self.assertEqual(r6(0.12345678), 0.123457)
        self.assertIsNone(r6(float("nan")))
        self.assertIsNone(r6(float("inf")))

    def test_top_decile_ties_count_by_share(self):
        # 20 rows, top decile = 2 rows; 4 rows tie at the top score, 2 of them churners.
        y = np.array([1, 1, 0, 0] + [0] * 14 + [1, 1])
        s = np.array([5.0] * 4 + [1.0] * 16)
        # Expected churners in the top 2 = 2 * (2/4) = 1 -> rate 0.5; overall 4/20 = 0.2.
        self.assertAlmostEqual(top_decile_lift(y, s), 2.5)
        self.assertAlmostEqual(top_decile_lift(y[::-1], s[::-1]), 2.5)  # order-independent


class BaselineRanking(unittest.TestCase):
    def test_missing_recency_ranks_as_riskiest_and_only_rank_metrics_are_filled(self):
        y = np.array([1, 1, 0, 0, 1, 0])
        days = np.array([np.nan, 40.0, 10.0, 5.0, 30.0, 35.0])
        m = compute_metrics(y, days, TH, probabilities=False)
        # Ranking: NaN(1) 40(1) 35(0) 30(1) 10(0) 5(0): ordered pairs 3+3+2 = 8 of 9.
        self.assertAlmostEqual(m["roc_auc"], round(8 / 9, 6))
        self.assertAlmostEqual(m["top_decile_lift"], 2.0)  # top row (NaN) churned; rate 1 / 0.5
        for key in ("log_loss", "brier", "calibration", "confusion"):
            self.assertIsNone(m[key], key)
        self.assertIsNotNone(m["roc_curve"])
        self.assertIsNotNone(m["pr_curve"])


if __name__ == "__main__":
    unittest.main()
