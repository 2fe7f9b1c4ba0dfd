"""Progress and completion events for the Node worker: JSON lines on the real stdout only.
Libraries that print (XGBoost logs through Python's print, OpenMP writes to fd 1) are pointed at
stderr by `claim_stdout`, so stdout stays machine-readable."""

import json
import os
import sys


def claim_stdout():
    """Move fd 1 to stderr and return a private writer for the original stdout."""
    sys.stdout.flush()
    private = os.dup(1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return os.fdopen(private, "w", buffering=1, encoding="utf-8")


class Progress:
    """Fraction of the whole run, kept monotone. Work is planned up front in weighted units."""

    def __init__(self, out, total_units=1.0):
        self.out = out
        self.total = max(float(total_units), 1e-9)
        self.done = 0.0
        self.last = -1.0

    def emit(self, event):
        self.out.write(json.dumps(event, separators=(",", ":")) + "\n")
        self.out.flush()

    def stage(self, name):
        fraction = min(max(self.done / self.total, self.last, 0.0), 1.0)
        self.last = fraction
        self.emit({"event": "progress", "fraction": round(fraction, 4), "stage": name})

    def advance(self, units):
        self.done += units

    def finish(self, result_path):
        if self.last < 1.0:
            self.last = 1.0
            self.emit({"event": "progress", "fraction": 1.0, "stage": "done"})
        self.emit({"event": "done", "result": result_path})
