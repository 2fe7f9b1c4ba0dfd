#!/usr/bin/python3
"""Entry point run by the Node train worker: `/usr/bin/python3 models/train.py <manifest.json>`.
See models/README.md for the manifest and result formats."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from holdfast_trainer.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
