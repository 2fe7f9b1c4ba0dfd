"""User-fixable problems end the process with exit code 3 and one JSON error line on stderr that
names the problem; stdout then carries no `done` event."""

import json
import os
import shutil
import tempfile
import unittest

import numpy as np

from support import run_trainer, stdout_events, write_train_manifest

NAMES = ["days_since_last_activity", "orders"]


def _data(n, churners, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.random((n, len(NAMES))).astype(np.float32)
    y = np.zeros(n, dtype=np.uint8)
    y[:churners] = 1
    return x, y


class CliErrors(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="holdfast-cli-")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def _error(self, proc):
        self.assertEqual(proc.returncode, 3, proc.stderr)
        lines = [line for line in proc.stderr.splitlines() if line.startswith("{")]
        self.assertEqual(len(lines), 1, proc.stderr)
        self.assertFalse(any(e.get("event") == "done" for e in stdout_events(proc)))
        return json.loads(lines[0])["error"]

    def _manifest(self, **overrides):
        with open(os.path.join(self.dir, "manifest.json"), "w") as fh:
            json.dump(overrides, fh)
        return os.path.join(self.dir, "manifest.json")

    def test_too_few_churners_is_refused_with_a_clear_message(self):
        path = write_train_manifest(self.dir, NAMES, _data(5000, 12))
        err = self._error(run_trainer(path))
        self.assertEqual(err["code"], "insufficient_data")
        self.assertEqual(
            err["message"],
            "Too few churners to train: 12 of 5,000 customers churned; at least 50 churners and 50 "
            "non-churners are needed. Choose a longer horizon or an earlier snapshot date.",
        )

    def test_too_few_non_churners_is_refused(self):
        path = write_train_manifest(self.dir, NAMES, _data(400, 390))
        err = self._error(run_trainer(path))
        self.assertEqual(err["code"], "insufficient_data")
        self.assertIn("Too few non-churners to train: 10 of 400 customers stayed", err["message"])

    def test_cv_folds_raise_the_minimum(self):
        path = write_train_manifest(self.dir, NAMES, _data(1000, 60), min_class_count=5, cv_folds=100)
        err = self._error(run_trainer(path))
        self.assertIn("at least 100 churners", err["message"])

    def test_missing_matrix_file_names_the_field(self):
        path = write_train_manifest(self.dir, NAMES, _data(300, 100))
        os.remove(os.path.join(self.dir, "train.x.f32"))
        err = self._error(run_trainer(path))
        self.assertEqual(err["code"], "invalid_manifest")
        self.assertEqual(err["details"]["field"], "train.x")
        self.assertIn("'train.x'", err["message"])
        self.assertIn("not found", err["message"])

    def test_wrong_matrix_size_names_the_field(self):
        x, y = _data(300, 100)
        path = write_train_manifest(self.dir, NAMES, (x, y), eval_=(x, y))
        with open(os.path.join(self.dir, "eval.x.f32"), "ab") as fh:
            fh.write(b"\0\0\0\0")
        err = self._error(run_trainer(path))
        self.assertEqual(err["details"]["field"], "eval.x")
        self.assertIn("expected 2400", err["message"])

    def test_unknown_algorithm_names_the_field(self):
        path = write_train_manifest(self.dir, NAMES, _data(300, 100), algorithms=["xgboost", "svm"])
        err = self._error(run_trainer(path))
        self.assertEqual(err["details"]["field"], "algorithms")
        self.assertIn("'svm'", err["message"])

    def test_labels_other_than_0_1_are_rejected(self):
        x, y = _data(300, 100)
        y[0] = 2
        err = self._error(run_trainer(write_train_manifest(self.dir, NAMES, (x, y))))
        self.assertEqual(err["details"]["field"], "train.y")

    def test_bad_json_and_missing_fields(self):
        bad = os.path.join(self.dir, "bad.json")
        with open(bad, "w") as fh:
            fh.write("{not json")
        self.assertEqual(self._error(run_trainer(bad))["details"]["field"], "manifest")
        err = self._error(run_trainer(self._manifest(version=1, mode="train", output_dir="out")))
        self.assertEqual(err["details"]["field"], "feature_names")
        err = self._error(run_trainer(self._manifest(version=2)))
        self.assertEqual(err["details"]["field"], "version")
        err = self._error(run_trainer(self._manifest(version=1, mode="predict")))
        self.assertEqual(err["details"]["field"], "mode")

    def test_other_failures_exit_1_with_a_traceback(self):
        # A directory where the manifest should be: not a user error the trainer anticipates.
        proc = run_trainer(self.dir)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("Traceback", proc.stderr)


if __name__ == "__main__":
    unittest.main()
