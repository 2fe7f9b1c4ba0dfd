"""Reference explanations for the TypeScript TreeSHAP test: fits a small XGBoost model on a float32 matrix,
writes its trees.json exactly as the trainer exports it, and XGBoost's own exact `pred_contribs`.

Usage: shap_reference.py <x.f32> <y.u8> <columns> <out-dir>
Writes <out-dir>/trees.json and <out-dir>/contribs.f32 (rows × (columns + 1), the last column the bias).
"""
import json
import os
import sys

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import numpy as np  # noqa: E402
import xgboost as xgb  # noqa: E402

from holdfast_trainer.xgb import XGBoostModel  # noqa: E402


def main():
    x_path, y_path, cols, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    x = np.fromfile(x_path, dtype="<f4").reshape(-1, cols)
    y = np.fromfile(y_path, dtype=np.uint8).astype(np.float32)
    params = {
        "objective": "binary:logistic",
        "tree_method": "hist",
        "max_depth": 5,
        "eta": 0.1,
        "nthread": 2,
        "base_score": float(y.mean()),
        "seed": 1,
    }
    booster = xgb.train(params, xgb.DMatrix(x, label=y, missing=np.nan), num_boost_round=60)
    names = [f"f{i}" for i in range(cols)]
    spec = XGBoostModel(booster, cols, {}, []).trees_spec(names)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "trees.json"), "w") as f:
        json.dump(spec, f)
    contribs = booster.predict(xgb.DMatrix(x, missing=np.nan), pred_contribs=True)
    contribs.astype("<f4").tofile(os.path.join(out, "contribs.f32"))
    print(json.dumps({"rows": int(x.shape[0]), "columns": cols}))


if __name__ == "__main__":
    main()
