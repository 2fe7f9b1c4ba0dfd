"""Process boundary: argument handling, stdout discipline, and the mapping from errors to exit
codes (0 ok, 3 a user-fixable error as one JSON line on stderr, 1 anything else + traceback)."""

import json
import sys
import traceback
import warnings

from .errors import TrainerError
from .progress import Progress, claim_stdout

USAGE = "usage: python3 models/train.py <manifest.json>"


def main(argv):
    events = claim_stdout()
    # Library warnings are diagnostics for the log, never part of the event stream.
    warnings.simplefilter("default")
    try:
        return _run(argv, events)
    finally:
        events.close()


def _run(argv, events):
    if len(argv) != 1:
        print(USAGE, file=sys.stderr)
        return 2
    try:
        from .manifest import load_manifest

        manifest = load_manifest(argv[0])
        progress = Progress(events)
        if manifest["mode"] == "evaluate":
            from .evaluate import run_evaluate

            path = run_evaluate(manifest, progress)
        else:
            from .training import run_train

            path = run_train(manifest, progress)
        progress.finish(path)
        return 0
    except TrainerError as err:
        sys.stderr.write(json.dumps(err.to_json()) + "\n")
        sys.stderr.flush()
        return err.exit_code
    except Exception:
        traceback.print_exc(file=sys.stderr)
        return 1
