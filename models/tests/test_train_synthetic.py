"""End to end on a synthetic churn set with missing values, an all-missing column and a constant
column: all three algorithms (and their blend) train, every export is valid, and the exports agree
with the native models."""

import json
import os
import shutil
import subprocess
import unittest

import numpy as np
import onnx

import synthetic
import tree_walker
from support import read_json, stdout_events

NAMES = synthetic.NAMES
ALGORITHMS = ["xgboost", "rf", "logreg"]
# Both xgboost and logreg are requested, so the trainer adds their blend as a fourth candidate.
CANDIDATES = ALGORITHMS + ["blend"]


class TrainSyntheticEndToEnd(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        run = synthetic.shared_run()
        cls.dir, cls.out, cls.proc, cls.result, cls.parity_x = run.dir, run.out, run.proc, run.result, run.parity_x

    def setUp(self):
        self.assertEqual(self.proc.returncode, 0, self.proc.stderr)

    def test_stdout_is_only_progress_then_done(self):
        events = stdout_events(self.proc)
        fractions = [e["fraction"] for e in events if e["event"] == "progress"]
        self.assertEqual(fractions, sorted(fractions))
        self.assertEqual(fractions[0], 0.0)
        self.assertEqual(fractions[-1], 1.0)
        self.assertTrue(any("fold 2 of 3" in e.get("stage", "") for e in events))
        self.assertEqual(events[-1], {"event": "done", "result": os.path.join(self.out, "result.json")})

    def test_result_has_the_documented_shape(self):
        r = self.result
        self.assertEqual(set(r), {"chosen", "selection", "candidates", "baseline", "rows", "seconds", "versions"})
        self.assertEqual(r["selection"], "out_of_time")
        self.assertEqual([c["algorithm"] for c in r["candidates"]], CANDIDATES)
        best = max(r["candidates"], key=lambda c: c["metrics"]["out_of_time"]["roc_auc"])
        self.assertEqual(r["chosen"], best["algorithm"])
        self.assertEqual(r["rows"]["train"], 1200)
        self.assertEqual(r["rows"]["eval"], 800)
        self.assertEqual(set(r["versions"]), {"xgboost", "sklearn", "onnx"})
        keys = set(r["candidates"][0])
        for c in r["candidates"]:
            self.assertEqual(set(c), keys, c["algorithm"])  # the blend has the same keys
            for key in ("params", "metrics", "feature_importance", "artefacts", "fit_seconds"):
                self.assertIn(key, c)
            for split in ("cv", "out_of_time"):
                m = c["metrics"][split]
                self.assertGreater(m["roc_auc"], 0.7, (c["algorithm"], split))
                for key in ("pr_auc", "log_loss", "brier", "top_decile_lift", "positive_rate", "rows", "positives"):
                    self.assertIsNotNone(m[key])
                self.assertEqual(set(m["confusion"]), {"high", "medium"})
            self.assertEqual(c["metrics"]["cv"]["rows"], 1200)
            shares = [f["importance"] for f in c["feature_importance"]]
            self.assertEqual(shares, sorted(shares, reverse=True))
            self.assertAlmostEqual(sum(shares), 1.0, places=4)
            self.assertEqual(
                c["artefacts"],
                {
                    "onnx": f"{c['algorithm']}.onnx",
                    "trees": f"{c['algorithm']}.trees.json",
                    "parity": f"{c['algorithm']}.parity.f32",
                },
            )

    def test_baseline_reports_rank_metrics_only(self):
        b = self.result["baseline"]
        self.assertEqual(b["feature"], "days_since_last_activity")
        self.assertGreater(b["cv"]["roc_auc"], 0.6)
        self.assertIsNone(b["out_of_time"]["log_loss"])
        self.assertIsNone(b["cv"]["calibration"])

    def test_onnx_files_are_valid_with_one_input_and_one_probability_output(self):
        for algo in CANDIDATES:
            model = onnx.load(os.path.join(self.out, f"{algo}.onnx"))
            onnx.checker.check_model(model)
            opsets = {o.domain: o.version for o in model.opset_import}
            self.assertLessEqual(opsets[""], 17)
            self.assertIn(opsets["ai.onnx.ml"], (1, 3))
            self.assertEqual([i.name for i in model.graph.input], ["features"])
            self.assertEqual([o.name for o in model.graph.output], ["probability"])
            dims = model.graph.input[0].type.tensor_type.shape.dim
            self.assertEqual((dims[0].dim_param, dims[1].dim_value), ("N", len(NAMES)))
            self.assertEqual(model.graph.input[0].type.tensor_type.elem_type, onnx.TensorProto.FLOAT)
            self.assertNotIn("ZipMap", {n.op_type for n in model.graph.node})

    def test_trees_json_reproduces_native_predictions_including_missing_values(self):
        for algo in CANDIDATES:
            spec = read_json(os.path.join(self.out, f"{algo}.trees.json"))
            native = np.fromfile(os.path.join(self.out, f"{algo}.parity.f32"), dtype="<f4")
            self.assertEqual(native.size, self.parity_x.shape[0])
            walked = np.array([tree_walker.predict(spec, row) for row in self.parity_x])
            diff = np.abs(walked - native)
            self.assertLess(diff.max(), 1e-5, algo)
            self.assertLess(abs(walked[-1] - native[-1]), 1e-5, f"{algo}: all-missing row")

    def test_trees_json_structure(self):
        xgb = read_json(os.path.join(self.out, "xgboost.trees.json"))
        self.assertEqual((xgb["comparison"], xgb["output"], xgb["impute"]), ("lt", "logistic", None))
        self.assertEqual(len(xgb["trees"]), self.result["candidates"][0]["params"]["n_rounds"])
        rf = read_json(os.path.join(self.out, "rf.trees.json"))
        self.assertEqual((rf["comparison"], rf["output"], rf["base_value"]), ("le", "sum", 0.0))
        self.assertEqual(rf["impute"][NAMES.index("always_missing")], 0.0)
        for spec in (xgb, rf):
            tree = spec["trees"][0]
            n = len(tree["feature"])
            for key in ("threshold", "left", "right", "default_left", "value", "cover"):
                self.assertEqual(len(tree[key]), n, key)
            for i in range(n):
                leaf = tree["feature"][i] == -1
                self.assertEqual(leaf, tree["left"][i] == -1)
                self.assertEqual(leaf, tree["right"][i] == -1)
                self.assertGreater(tree["cover"][i], 0)
                # Thresholds are float32 values, exactly as the ONNX graph holds them.
                self.assertEqual(tree["threshold"][i], float(np.float32(tree["threshold"][i])))
        lr = read_json(os.path.join(self.out, "logreg.trees.json"))
        self.assertEqual(lr["transform"], "signed_log1p")
        self.assertEqual(lr["scale"][NAMES.index("constant")], 1.0)

    @unittest.skipUnless(shutil.which("node"), "node is not installed")
    def test_onnxruntime_node_matches_native_predictions(self):
        if not os.path.isdir(os.path.join(synthetic.REPO, "node_modules", "onnxruntime-node")):
            self.skipTest("onnxruntime-node is not installed")
        proc = subprocess.run(
            ["node", os.path.join(synthetic.REPO, "models", "tests", "onnx_parity.mjs"), self.out,
             os.path.join(self.dir, "parity.x.f32")],
            capture_output=True, text=True, check=False, timeout=120,
        )
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        results = [json.loads(line) for line in proc.stdout.splitlines()]
        self.assertEqual([r["algorithm"] for r in results], CANDIDATES)  # incl. the one-graph blend
        for r in results:
            self.assertLessEqual(r["max_abs_diff"], 1e-5, r)
            self.assertGreater(r["rows_with_missing"], 50)


if __name__ == "__main__":
    unittest.main()
