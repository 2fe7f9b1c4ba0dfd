"""One bare XGBoost fit of a float32 matrix: the yardstick for `npm run bench -- features`.

Usage: bare_xgboost.py <x.f32> <y.u8> <columns>. Prints {"seconds": ...} as its last line.
"""
import json
import os
import sys
import time

# The same thread settings as the trainer (models/train.py), so the two timings compare.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
import xgboost as xgb


def main():
    x_path, y_path, cols = sys.argv[1], sys.argv[2], int(sys.argv[3])
    x = np.fromfile(x_path, dtype="<f4").reshape(-1, cols)
    y = np.fromfile(y_path, dtype=np.uint8).astype(np.float32)
    started = time.perf_counter()
    # Comparable settings to one trainer fit: hist trees, depth 4, 300 rounds, two threads.
    params = {"objective": "binary:logistic", "tree_method": "hist", "max_depth": 4, "eta": 0.05, "nthread": 2}
    xgb.train(params, xgb.DMatrix(x, label=y, missing=np.nan), num_boost_round=300)
    print(json.dumps({"seconds": time.perf_counter() - started, "rows": int(x.shape[0])}))


if __name__ == "__main__":
    main()
