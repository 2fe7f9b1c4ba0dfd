#!/usr/bin/python3
"""Entry point run by the Node train worker: `/usr/bin/python3 models/train.py <manifest.json>`.
See models/README.md for the manifest and result formats."""

import os
import sys

# Set before numpy/xgboost load their thread pools. OpenMP threads that spin while waiting
# (libgomp's default) made a run 3-4x slower whenever another process competed for the two cores
# (measured: Telco 87-94 s vs 25-31 s); BLAS threads buy nothing at these matrix sizes.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from holdfast_trainer.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
