"""The blend candidate: p = sigmoid((m_xgboost + m_logreg) / 2). Its math, its figures (made from
the parts' out-of-fold and eval margins, no fitting of its own), its exports (one ONNX graph,
trees.json holding both parts, parity file) and when it exists at all."""

import os

# XGBoost is fitted in this process: as in train.py, OpenMP threads must sleep rather than spin
# while waiting, or the fits get several times slower whenever other processes load the cores.
# Set before numpy/xgboost start their thread pools.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import io  # noqa: E402
import json  # noqa: E402
import shutil  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import unittest  # noqa: E402
from unittest import mock  # noqa: E402

import numpy as np  # noqa: E402
import onnx  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from holdfast_trainer import blend, logreg, training, xgb  # noqa: E402
from holdfast_trainer.folds import outer_folds  # noqa: E402
from holdfast_trainer.metrics import compute_metrics  # noqa: E402
from holdfast_trainer.progress import Progress  # noqa: E402

import synthetic  # noqa: E402
import tree_walker  # noqa: E402
from support import read_json  # noqa: E402

SEED = 42
TH = {"high": 0.8, "medium": 0.5}


def _logit(p):
    p = np.asarray(p, dtype=np.float64)
    return np.log(p / (1 - p))


class BlendMath(unittest.TestCase):
    def test_probabilities_are_the_sigmoid_of_the_mean_logit(self):
        p1 = np.array([0.2, 0.5, 0.9, 0.01, 0.999])
        p2 = np.array([0.8, 0.5, 0.6, 0.3, 0.2])
        expected = 1 / (1 + np.exp(-(_logit(p1) + _logit(p2)) / 2))
        got = blend.probabilities([blend.logit(p1), blend.logit(p2)])
        np.testing.assert_allclose(got, expected, rtol=0, atol=1e-12)
        self.assertAlmostEqual(got[0], 0.5, places=12)  # opposite logits cancel
        # Not the mean of the probabilities: 0.01 and 0.3 blend to ~0.07, not 0.155.
        self.assertLess(got[3], 0.1)
        np.testing.assert_array_equal(blend.sigmoid([-800.0, 800.0]), [0.0, 1.0])  # no overflow

    def test_a_blend_exists_only_when_both_parts_are_requested(self):
        self.assertTrue(blend.wanted(["xgboost", "logreg"]))
        self.assertTrue(blend.wanted(["logreg", "rf", "xgboost"]))
        for algorithms in (["xgboost"], ["logreg"], ["xgboost", "rf"], ["rf", "logreg"]):
            self.assertFalse(blend.wanted(algorithms), algorithms)


def _manifest(directory, algorithms, folds=2):
    x, y = synthetic.synthetic(500, 5)
    ex, ey = synthetic.synthetic(300, 6)
    parity = np.vstack([ex, np.full((1, ex.shape[1]), np.nan, dtype=np.float32)])
    return {
        "feature_names": synthetic.NAMES,
        "train": {"x": x, "y": y},
        "eval": {"x": ex, "y": ey},
        "parity": {"x": parity},
        "algorithms": algorithms,
        "thresholds": TH,
        "baseline_feature": None,
        "cv_folds": folds,
        "seed": SEED,
        "min_class_count": 50,
        "output_dir": directory,
    }


class _Recorder:
    """Stands in for an algorithm module in training.MODULES and keeps every model it fits, in
    order: one per outer fold, then the final model."""

    def __init__(self, module):
        self.module = module
        self.models = []

    def fit(self, x, y, seed):
        self.models.append(self.module.fit(x, y, seed))
        return self.models[-1]


class BlendInProcess(unittest.TestCase):
    """run_train in this process with the parts' fits recorded, so the test can recompute from
    the very same fold and final models what the blend's figures and exports must be."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="holdfast-blend-")
        # logreg first: the blend still comes last and its parts stay in (xgboost, logreg) order.
        cls.m = _manifest(cls.dir, ["logreg", "xgboost"])
        cls.events = io.StringIO()
        cls.recorded = {"xgboost": _Recorder(xgb), "logreg": _Recorder(logreg)}
        with mock.patch.dict(training.MODULES, cls.recorded):
            cls.result = read_json(training.run_train(cls.m, Progress(cls.events)))
        cls.final = [cls.recorded[a].models[-1] for a in ("xgboost", "logreg")]

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def _blend_entry(self):
        return self.result["candidates"][-1]

    def test_cv_and_out_of_time_figures_average_the_parts_margins(self):
        x, y = self.m["train"]["x"], self.m["train"]["y"]
        oof = np.zeros((2, y.size))
        for i, (_, te) in enumerate(outer_folds(y, 2, SEED)):
            for j, algo in enumerate(("xgboost", "logreg")):
                self.assertEqual(len(self.recorded[algo].models), 3)  # 2 folds + final, no extra fit
                oof[j, te] = self.recorded[algo].models[i].margin(x[te])
        ev = self.m["eval"]
        eval_margins = [p.margin(ev["x"]) for p in self.final]
        metrics = self._blend_entry()["metrics"]
        self.assertEqual(metrics["cv"], compute_metrics(y, blend.sigmoid(oof.mean(axis=0)), TH))
        self.assertEqual(metrics["out_of_time"], compute_metrics(ev["y"], blend.sigmoid(np.mean(eval_margins, 0)), TH))

    def test_candidates_and_progress(self):
        r = self.result
        self.assertEqual([c["algorithm"] for c in r["candidates"]], ["logreg", "xgboost", "blend"])
        best = max(r["candidates"], key=lambda c: c["metrics"]["out_of_time"]["roc_auc"])
        self.assertEqual(r["chosen"], best["algorithm"])  # the blend competes like any candidate
        events = [json.loads(line) for line in self.events.getvalue().splitlines()]
        fractions = [e["fraction"] for e in events]
        self.assertEqual(fractions, sorted(fractions))
        self.assertIn("blend", events[-2]["stage"])  # then only the summary
        self.assertLess(fractions[-1], 1.0)

    def test_parity_file_is_the_native_blend(self):
        native = blend.BlendModel(self.final, []).predict(self.m["parity"]["x"])
        written = np.fromfile(os.path.join(self.dir, "blend.parity.f32"), dtype="<f4")
        np.testing.assert_allclose(written, native, rtol=0, atol=1e-7)
        self.assertTrue(0 < written[-1] < 1)  # the all-missing row

    def test_trees_json_walker_reproduces_the_blend_margins_including_missing_rows(self):
        spec = read_json(os.path.join(self.dir, "blend.trees.json"))
        px = self.m["parity"]["x"]
        native = blend.BlendModel(self.final, []).margin(px)
        walked = np.array([tree_walker.margin(spec, row) for row in px])
        np.testing.assert_allclose(walked, native, rtol=0, atol=1e-5)
        # And each part separately: the blend margin is exactly their weighted sum.
        for part, model in zip(spec["parts"], self.final):
            part_walked = np.array([tree_walker.margin(part, row) for row in px[-50:]])
            np.testing.assert_allclose(part_walked, model.margin(px[-50:]), rtol=0, atol=1e-5)

    def test_no_blend_when_only_xgboost_is_requested(self):
        directory = tempfile.mkdtemp(prefix="holdfast-noblend-")
        try:
            m = _manifest(directory, ["xgboost"])
            result = read_json(training.run_train(m, Progress(io.StringIO())))
            self.assertEqual([c["algorithm"] for c in result["candidates"]], ["xgboost"])
            self.assertEqual(result["chosen"], "xgboost")
            self.assertFalse([f for f in os.listdir(directory) if f.startswith("blend")])
        finally:
            shutil.rmtree(directory, ignore_errors=True)


class BlendEndToEnd(unittest.TestCase):
    """The shared trainer run (xgboost, rf, logreg): the blend's entry and artefacts on disk.
    Its ONNX parity (onnxruntime-node) and walker checks run with the other candidates' in
    test_train_synthetic."""

    @classmethod
    def setUpClass(cls):
        cls.shared = synthetic.shared_run()

    def setUp(self):
        self.assertEqual(self.shared.proc.returncode, 0, self.shared.proc.stderr)
        self.by_algo = {c["algorithm"]: c for c in self.shared.result["candidates"]}

    def _read(self, name):
        return read_json(os.path.join(self.shared.out, name))

    def test_entry_has_fixed_params_and_the_parts_costs(self):
        c, parts = self.by_algo["blend"], [self.by_algo[a] for a in ("xgboost", "logreg")]
        self.assertEqual(c["params"], {"parts": ["xgboost", "logreg"], "combine": "mean_logit"})
        self.assertEqual(c["tuning"], [])
        for key in ("fit_seconds", "cv_seconds"):
            self.assertAlmostEqual(c[key], sum(p[key] for p in parts), places=5)

    def test_importance_is_the_mean_of_the_parts_shares(self):
        shares = [
            {f["feature"]: f["importance"] for f in self.by_algo[a]["feature_importance"]}
            for a in ("xgboost", "logreg")
        ]
        mean = {k: (shares[0][k] + shares[1][k]) / 2 for k in shares[0]}
        total = sum(mean.values())
        for f in self.by_algo["blend"]["feature_importance"]:
            self.assertAlmostEqual(f["importance"], mean[f["feature"]] / total, delta=2e-6)

    def test_parity_is_the_sigmoid_of_the_parts_mean_logit(self):
        read = {
            a: np.fromfile(os.path.join(self.shared.out, f"{a}.parity.f32"), dtype="<f4")
            for a in ("xgboost", "logreg", "blend")
        }
        expected = 1 / (1 + np.exp(-(_logit(read["xgboost"]) + _logit(read["logreg"])) / 2))
        np.testing.assert_allclose(read["blend"], expected, rtol=0, atol=1e-5)

    def test_trees_json_holds_both_parts_verbatim(self):
        spec = self._read("blend.trees.json")
        self.assertEqual(set(spec), {"algorithm", "combine", "weights", "feature_names", "parts"})
        self.assertEqual((spec["algorithm"], spec["combine"], spec["weights"]), ("blend", "mean_logit", [0.5, 0.5]))
        self.assertEqual(spec["feature_names"], synthetic.NAMES)
        self.assertEqual(spec["parts"], [self._read("xgboost.trees.json"), self._read("logreg.trees.json")])

    def test_onnx_is_one_graph_joining_the_parts_at_their_margins(self):
        model = onnx.load(os.path.join(self.shared.out, "blend.onnx"))
        onnx.checker.check_model(model)
        ops = [n.op_type for n in model.graph.node]
        for op in ("TreeEnsembleRegressor", "LinearRegressor", "Sigmoid", "Add", "Mul"):
            self.assertIn(op, ops)
        self.assertEqual(ops.count("Sigmoid"), 1)  # the parts' own sigmoids are gone
        self.assertEqual(ops[-3:], ["Add", "Mul", "Sigmoid"])
        names = [n.name for n in model.graph.node]
        self.assertEqual(len(set(names)), len(names))
        self.assertEqual({p.key: p.value for p in model.metadata_props}["algorithm"], "blend")
        opsets = {o.domain: o.version for o in model.opset_import}
        self.assertEqual((opsets["ai.onnx.ml"], opsets[""] <= 17), (3, True))


if __name__ == "__main__":
    unittest.main()
