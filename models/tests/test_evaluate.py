"""`evaluate` mode: metrics for probabilities scored elsewhere (onnxruntime in Node)."""

import json
import os
import shutil
import sys
import tempfile
import unittest

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from holdfast_trainer.metrics import compute_metrics  # noqa: E402
from support import read_json, run_trainer, stdout_events  # noqa: E402

TH = {"high": 0.7, "medium": 0.4}


class EvaluateMode(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="holdfast-eval-")
        rng = np.random.default_rng(5)
        self.y = (rng.random(500) < 0.3).astype(np.uint8)
        self.p = np.clip(0.3 + 0.3 * (self.y - 0.3) + rng.normal(0, 0.2, 500), 0, 1).astype(np.float32)
        self.b = (rng.exponential(30, 500) + 20 * self.y).astype(np.float32)
        self.b[:25] = np.nan
        self.y.tofile(os.path.join(self.dir, "y.u8"))
        self.p.tofile(os.path.join(self.dir, "p.f32"))
        self.b.tofile(os.path.join(self.dir, "b.f32"))

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def _run(self, **fields):
        manifest = {"version": 1, "mode": "evaluate", "y": "y.u8", "p": "p.f32", "baseline": "b.f32", "rows": 500,
                    "thresholds": TH, "output_dir": "out"}
        manifest.update(fields)
        path = os.path.join(self.dir, "manifest.json")
        with open(path, "w") as fh:
            json.dump(manifest, fh)
        return run_trainer(path)

    def test_writes_the_same_metrics_as_training_uses(self):
        proc = self._run()
        self.assertEqual(proc.returncode, 0, proc.stderr)
        out = os.path.join(self.dir, "out", "evaluation.json")
        self.assertEqual(stdout_events(proc)[-1], {"event": "done", "result": out})
        result = read_json(out)
        expected = compute_metrics(self.y, self.p.astype(np.float64), TH)
        self.assertEqual(result["metrics"], json.loads(json.dumps(expected)))
        self.assertEqual(result["metrics"]["confusion"]["high"]["threshold"], 0.7)
        baseline = result["baseline"]
        self.assertGreater(baseline["roc_auc"], 0.6)
        self.assertIsNone(baseline["log_loss"])

    def test_baseline_is_optional(self):
        proc = self._run(baseline=None)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIsNone(read_json(os.path.join(self.dir, "out", "evaluation.json"))["baseline"])

    def test_bad_inputs_name_the_field(self):
        proc = self._run(rows=499)
        self.assertEqual(proc.returncode, 3)
        self.assertIn("'y'", proc.stderr)
        np.full(500, 1.5, dtype=np.float32).tofile(os.path.join(self.dir, "p.f32"))
        proc = self._run()
        self.assertEqual(proc.returncode, 3)
        self.assertIn('"field": "p"', proc.stderr)


if __name__ == "__main__":
    unittest.main()
