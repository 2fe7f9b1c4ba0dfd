"""ONNX exports built by hand (no skl2onnx/onnxmltools here), following the traps measured in
MACHINE_NOTES.md: ai.onnx.ml opset 3 TreeEnsembleRegressor (opset 5 drops it in onnxruntime),
raw margin + a separate Sigmoid (the op ignores LOGISTIC for one target), no ZipMap, and NaN
imputed inside the graph for the scikit-learn models. Every model has one input `features`
(float32 [N, n_features]) and one output `probability` (float32 [N, 1]). The blend's graph is
its parts' graphs side by side, joined at their margins."""

import json

import numpy as np
import onnx
from onnx import AttributeProto, TensorProto, helper, numpy_helper

from .trees import ensemble_arrays

ML_DOMAIN = "ai.onnx.ml"
ML_OPSET = 3
DEFAULT_OPSET = 17  # the newest onnx 1.12 knows
IR_VERSION = 8  # onnx 1.12's IR version; onnxruntime 1.30 reads it
INPUT = "features"
OUTPUT = "probability"


def _attr(name, kind, values):
    """Build list attributes directly: helper.make_attribute is too slow for the millions of
    nodes a RandomForest can have."""
    attr = AttributeProto()
    attr.name = name
    attr.type = kind
    if kind == AttributeProto.INTS:
        attr.ints.extend(np.asarray(values, dtype=np.int64).tolist())
    elif kind == AttributeProto.FLOATS:
        attr.floats.extend(np.asarray(values, dtype=np.float32).tolist())
    elif kind == AttributeProto.STRINGS:
        attr.strings.extend(v.encode("ascii") for v in values)
    return attr


def _tree_node(spec, input_name, output_name):
    nodes, targets = ensemble_arrays(spec)
    node = helper.make_node(
        "TreeEnsembleRegressor",
        [input_name],
        [output_name],
        domain=ML_DOMAIN,
        name="trees",
        n_targets=1,
        aggregate_function="SUM",
        post_transform="NONE",
        base_values=[float(spec["base_value"])],
    )
    I, F = AttributeProto.INTS, AttributeProto.FLOATS
    node.attribute.extend(
        [
            _attr("nodes_treeids", I, nodes["treeids"]),
            _attr("nodes_nodeids", I, nodes["nodeids"]),
            _attr("nodes_featureids", I, nodes["featureids"]),
            _attr("nodes_values", F, nodes["values"]),
            _attr("nodes_modes", AttributeProto.STRINGS, nodes["modes"]),
            _attr("nodes_truenodeids", I, nodes["true"]),
            _attr("nodes_falsenodeids", I, nodes["false"]),
            _attr("nodes_missing_value_tracks_true", I, nodes["missing"]),
            _attr("target_treeids", I, targets["treeids"]),
            _attr("target_nodeids", I, targets["nodeids"]),
            _attr("target_ids", I, np.zeros(targets["nodeids"].size, dtype=np.int64)),
            _attr("target_weights", F, targets["weights"]),
        ]
    )
    return node


def _imputer(values, output_name):
    return helper.make_node(
        "Imputer",
        [INPUT],
        [output_name],
        domain=ML_DOMAIN,
        name="impute_medians",
        imputed_value_floats=np.asarray(values, dtype=np.float32).tolist(),
        replaced_value_float=float("nan"),
    )


def _model(nodes, initializers, n_features, algorithm, feature_names):
    graph = helper.make_graph(
        nodes,
        f"holdfast_{algorithm}",
        [helper.make_tensor_value_info(INPUT, TensorProto.FLOAT, ["N", n_features])],
        [helper.make_tensor_value_info(OUTPUT, TensorProto.FLOAT, ["N", 1])],
        initializer=initializers,
    )
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", DEFAULT_OPSET), helper.make_opsetid(ML_DOMAIN, ML_OPSET)],
        producer_name="holdfast-trainer",
    )
    model.ir_version = IR_VERSION
    helper.set_model_props(model, {"algorithm": algorithm, "feature_names": json.dumps(list(feature_names))})
    onnx.checker.check_model(model)
    return model


def trees_to_onnx(spec):
    """xgboost: margin -> Sigmoid. rf: median Imputer -> summed leaf fractions (already a probability)."""
    n_features = len(spec["feature_names"])
    nodes = []
    source = INPUT
    if spec["impute"] is not None:
        nodes.append(_imputer(spec["impute"], "imputed"))
        source = "imputed"
    if spec["output"] == "logistic":
        nodes.append(_tree_node(spec, source, "margin"))
        nodes.append(helper.make_node("Sigmoid", ["margin"], [OUTPUT], name="sigmoid"))
    else:
        nodes.append(_tree_node(spec, source, OUTPUT))
    return _model(nodes, [], n_features, spec["algorithm"], spec["feature_names"])


def linear_to_onnx(spec):
    """logreg: Imputer -> sign(x)*log(1+|x|) -> (x - mean) / scale -> LinearRegressor -> Sigmoid."""
    n_features = len(spec["feature_names"])

    def const(name, values):
        return numpy_helper.from_array(np.asarray(values, dtype=np.float32), name)

    initializers = [const("one", [1.0]), const("mean", spec["mean"]), const("scale", spec["scale"])]
    nodes = [
        _imputer(spec["impute"], "imputed"),
        helper.make_node("Sign", ["imputed"], ["sign"]),
        helper.make_node("Abs", ["imputed"], ["abs"]),
        helper.make_node("Add", ["abs", "one"], ["abs_plus_one"]),
        helper.make_node("Log", ["abs_plus_one"], ["log1p_abs"]),
        helper.make_node("Mul", ["sign", "log1p_abs"], ["signed_log1p"]),
        helper.make_node("Sub", ["signed_log1p", "mean"], ["centred"]),
        helper.make_node("Div", ["centred", "scale"], ["standardised"]),
        helper.make_node(
            "LinearRegressor",
            ["standardised"],
            ["margin"],
            domain=ML_DOMAIN,
            coefficients=np.asarray(spec["coef"], dtype=np.float32).tolist(),
            intercepts=[float(spec["intercept"])],
            targets=1,
        ),
        helper.make_node("Sigmoid", ["margin"], [OUTPUT]),
    ]
    return _model(nodes, initializers, n_features, "logreg", spec["feature_names"])


def _margin_part(spec, prefix):
    """A part's graph without its final Sigmoid, every name but the shared input prefixed so two
    parts can live in one graph. Returns (nodes, initializers, name of the margin tensor)."""
    graph = to_onnx(spec).graph
    (last,) = [n for n in graph.node if OUTPUT in n.output]
    if last.op_type != "Sigmoid":
        raise ValueError(f"{spec['algorithm']}: no margin before the output, cannot blend")

    def rename(name):
        return name if name in ("", INPUT) else prefix + name

    nodes = []
    for i, node in enumerate(graph.node):
        if node is last:
            continue
        node.input[:] = [rename(n) for n in node.input]
        node.output[:] = [rename(n) for n in node.output]
        node.name = prefix + (node.name or f"{node.op_type}_{i}")
        nodes.append(node)
    initializers = list(graph.initializer)
    for init in initializers:
        init.name = rename(init.name)
    return nodes, initializers, rename(last.input[0])


def blend_to_onnx(spec):
    """One graph for the blend: both parts read `features`; their margins are averaged (Add,
    Mul by the common weight 0.5) and the logistic function gives the probability."""
    if len(spec["parts"]) != 2 or len(set(spec["weights"])) != 1:
        raise ValueError("the blend graph supports two equally weighted parts only")
    nodes, margins = [], []
    initializers = [numpy_helper.from_array(np.asarray(spec["weights"][:1], dtype=np.float32), "weight")]
    for part in spec["parts"]:
        part_nodes, part_inits, margin = _margin_part(part, f"{part['algorithm']}/")
        nodes += part_nodes
        initializers += part_inits
        margins.append(margin)
    nodes += [
        helper.make_node("Add", margins, ["margin_sum"], name="blend_sum"),
        helper.make_node("Mul", ["margin_sum", "weight"], ["margin"], name="blend_mean"),
        helper.make_node("Sigmoid", ["margin"], [OUTPUT], name="sigmoid"),
    ]
    return _model(nodes, initializers, len(spec["feature_names"]), "blend", spec["feature_names"])


def to_onnx(spec):
    if spec["algorithm"] == "blend":
        return blend_to_onnx(spec)
    return linear_to_onnx(spec) if spec["algorithm"] == "logreg" else trees_to_onnx(spec)
