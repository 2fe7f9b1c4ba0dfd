"""One in-memory description of a tree ensemble, shared by both exports. `<algo>.trees.json` is
this description verbatim and the ONNX TreeEnsembleRegressor is built from it, so the TypeScript
TreeSHAP code walks exactly the thresholds and leaf values that onnxruntime scores with."""

import numpy as np


def finish_tree(feature, threshold, left, right, default_left, leaf_value, cover):
    """Per-node arrays (indexed by node id) in JSON-ready form. Leaves have feature/left/right -1.
    `value` is the leaf output at leaves; at internal nodes it is the cover-weighted mean of the
    leaves below (the node's expected output), which path attributions (Saabas) need."""
    left = np.asarray(left, dtype=np.int64)
    right = np.asarray(right, dtype=np.int64)
    is_leaf = left == -1
    leaf_value = np.asarray(leaf_value, dtype=np.float32).astype(np.float64)
    cover = np.asarray(cover, dtype=np.float64)
    # Node ids of children are larger than their parent's in both XGBoost and scikit-learn, so one
    # reverse pass sees children before parents. Plain lists: this loop runs over every node.
    value = np.where(is_leaf, leaf_value, 0.0).tolist()
    cov, lefts, rights = cover.tolist(), left.tolist(), right.tolist()
    for i in np.flatnonzero(~is_leaf)[::-1].tolist():
        lc, rc = lefts[i], rights[i]
        w = cov[lc] + cov[rc]
        value[i] = (cov[lc] * value[lc] + cov[rc] * value[rc]) / w if w > 0 else 0.5 * (value[lc] + value[rc])
    return {
        "feature": np.asarray(feature, dtype=np.int64).tolist(),
        "threshold": np.asarray(threshold, dtype=np.float32).astype(np.float64).tolist(),
        "left": lefts,
        "right": rights,
        "default_left": np.asarray(default_left, dtype=bool).tolist(),
        "value": value,
        "cover": cov,
    }


def ensemble_arrays(spec):
    """Flatten the trees into the parallel node/target arrays TreeEnsembleRegressor expects."""
    mode_branch = "BRANCH_LT" if spec["comparison"] == "lt" else "BRANCH_LEQ"
    nodes = {k: [] for k in ("treeids", "nodeids", "featureids", "values", "modes", "true", "false", "missing")}
    targets = {k: [] for k in ("treeids", "nodeids", "weights")}
    for t, tree in enumerate(spec["trees"]):
        feature = np.asarray(tree["feature"], dtype=np.int64)
        n = feature.size
        leaf = feature < 0
        ids = np.arange(n, dtype=np.int64)
        nodes["treeids"].append(np.full(n, t, dtype=np.int64))
        nodes["nodeids"].append(ids)
        nodes["featureids"].append(np.where(leaf, 0, feature))
        nodes["values"].append(np.where(leaf, 0.0, np.asarray(tree["threshold"], dtype=np.float32)).astype(np.float32))
        nodes["modes"].extend("LEAF" if is_leaf else mode_branch for is_leaf in leaf)
        # The "true" branch of the comparison is the left child in both libraries.
        nodes["true"].append(np.where(leaf, 0, np.asarray(tree["left"], dtype=np.int64)))
        nodes["false"].append(np.where(leaf, 0, np.asarray(tree["right"], dtype=np.int64)))
        nodes["missing"].append(np.where(leaf, 0, np.asarray(tree["default_left"], dtype=np.int64)))
        targets["treeids"].append(np.full(int(leaf.sum()), t, dtype=np.int64))
        targets["nodeids"].append(ids[leaf])
        targets["weights"].append(np.asarray(tree["value"], dtype=np.float64)[leaf].astype(np.float32))
    flat = {k: (np.concatenate(v) if k != "modes" else v) for k, v in nodes.items()}
    flat_targets = {k: np.concatenate(v) for k, v in targets.items()}
    return flat, flat_targets
