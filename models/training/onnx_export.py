"""Builds ONNX graphs for the diagnosis ensemble directly from fitted scikit-learn models.

There is no skl2onnx on Debian, and we do not need it: the graphs are small and written here by
hand with onnx.helper, following the ONNX-ML operator specs.

    features --Sub(mean)--Div(scale)--> xs
    xs --TreeEnsembleClassifier (random forest, averaged leaf class fractions)--> rf_probabilities
    xs --TreeEnsembleClassifier (gradient boosting, lr * leaf values + priors, SOFTMAX)--> gb_probabilities
    xs --MatMul/Add/Relu ... MatMul/Add/Softmax (MLP)--> mlp_probabilities
    w_rf*rf + w_gb*gb + w_mlp*mlp --Log--Mul(1/T)--Softmax--> probabilities (calibrated)
    (xs - mu) P (xs - mu)^T --> ood_distance (squared Mahalanobis distance)

All outputs are plain tensors (no ZipMap: onnxruntime-node cannot return maps).
"""
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 17
ML_OPSET = 3


def float32_floor(values):
    """Largest float32 <= each float64 threshold.

    scikit-learn trees compare float32 features with float64 thresholds (x <= t). ONNX stores
    float32 thresholds, so a threshold rounded up would send some x to the other branch. Rounding
    toward -inf keeps `x <= t32` equivalent to `x <= t64` for every float32 x.
    """
    t64 = np.asarray(values, dtype=np.float64)
    t32 = t64.astype(np.float32)
    too_big = t32.astype(np.float64) > t64
    t32[too_big] = np.nextafter(t32[too_big], np.float32(-np.inf))
    return t32


def _tree_nodes(tree, tree_id):
    t = tree.tree_
    leaf = t.children_left == -1
    n = t.node_count
    ids = list(range(n))
    return {
        "nodes_treeids": [tree_id] * n,
        "nodes_nodeids": ids,
        "nodes_featureids": [int(f) if not l else 0 for f, l in zip(t.feature, leaf)],
        "nodes_values": [float(v) if not l else 0.0 for v, l in zip(float32_floor(np.where(leaf, 0, t.threshold)), leaf)],
        "nodes_modes": ["LEAF" if l else "BRANCH_LEQ" for l in leaf],
        # x <= threshold goes left in scikit-learn.
        "nodes_truenodeids": [int(c) if not l else 0 for c, l in zip(t.children_left, leaf)],
        "nodes_falsenodeids": [int(c) if not l else 0 for c, l in zip(t.children_right, leaf)],
    }, leaf


def _merge(acc, part):
    for k, v in part.items():
        acc.setdefault(k, []).extend(v)


def _classifier(prefix, input_name, node_attrs, leaves, n_classes, post_transform, base_values=None):
    class_treeids, class_nodeids, class_ids, class_weights = leaves
    extra = {"base_values": [float(b) for b in base_values]} if base_values is not None else {}
    return helper.make_node(
        "TreeEnsembleClassifier",
        [input_name],
        [f"{prefix}_label", f"{prefix}_probabilities"],
        domain="ai.onnx.ml",
        name=f"{prefix}_trees",
        classlabels_int64s=list(range(n_classes)),
        class_treeids=class_treeids,
        class_nodeids=class_nodeids,
        class_ids=class_ids,
        class_weights=class_weights,
        post_transform=post_transform,
        **extra,
        **node_attrs,
    )


def random_forest_node(rf, input_name, prefix):
    attrs = {}
    class_treeids, class_nodeids, class_ids, class_weights = [], [], [], []
    n_trees = len(rf.estimators_)
    for tree_id, est in enumerate(rf.estimators_):
        nodes, leaf = _tree_nodes(est, tree_id)
        _merge(attrs, nodes)
        value = est.tree_.value[:, 0, :]
        for node in np.nonzero(leaf)[0]:
            fractions = value[node] / value[node].sum()
            for c, frac in enumerate(fractions):
                if frac == 0:
                    continue
                class_treeids.append(tree_id)
                class_nodeids.append(int(node))
                class_ids.append(c)
                class_weights.append(float(frac / n_trees))
    return _classifier(prefix, input_name, attrs, (class_treeids, class_nodeids, class_ids, class_weights), len(rf.classes_), "NONE")


def gradient_boosting_node(gb, input_name, prefix, base_values):
    attrs = {}
    class_treeids, class_nodeids, class_ids, class_weights = [], [], [], []
    lr = gb.learning_rate
    tree_id = 0
    n_stages, n_classes = gb.estimators_.shape
    for stage in range(n_stages):
        for c in range(n_classes):
            est = gb.estimators_[stage, c]
            nodes, leaf = _tree_nodes(est, tree_id)
            _merge(attrs, nodes)
            value = est.tree_.value[:, 0, 0]
            for node in np.nonzero(leaf)[0]:
                class_treeids.append(tree_id)
                class_nodeids.append(int(node))
                class_ids.append(c)
                class_weights.append(float(lr * value[node]))
            tree_id += 1
    return _classifier(prefix, input_name, attrs, (class_treeids, class_nodeids, class_ids, class_weights), n_classes, "SOFTMAX", base_values)


def mlp_nodes(mlp, input_name, prefix, initializers):
    nodes = []
    x = input_name
    last = len(mlp.coefs_) - 1
    for i, (w, b) in enumerate(zip(mlp.coefs_, mlp.intercepts_)):
        wn, bn = f"{prefix}_W{i}", f"{prefix}_b{i}"
        initializers += [numpy_helper.from_array(w.astype(np.float32), wn), numpy_helper.from_array(b.astype(np.float32), bn)]
        nodes.append(helper.make_node("MatMul", [x, wn], [f"{prefix}_mm{i}"]))
        nodes.append(helper.make_node("Add", [f"{prefix}_mm{i}", bn], [f"{prefix}_z{i}"]))
        if i < last:
            if mlp.activation != "relu":
                raise ValueError("only relu hidden layers are exported")
            nodes.append(helper.make_node("Relu", [f"{prefix}_z{i}"], [f"{prefix}_h{i}"]))
            x = f"{prefix}_h{i}"
    if mlp.out_activation_ != "softmax":
        raise ValueError("only multi-class (softmax) MLPs are exported")
    nodes.append(helper.make_node("Softmax", [f"{prefix}_z{last}"], [f"{prefix}_probabilities"], axis=1))
    return nodes


def build_ensemble(model, n_features, n_classes, doc):
    """`model` is a FittedEnsemble (train.py): scaler, members, weights, temperature, OOD."""
    init = [
        numpy_helper.from_array(model.mean.astype(np.float32), "scaler_mean"),
        numpy_helper.from_array(model.scale.astype(np.float32), "scaler_scale"),
        numpy_helper.from_array(np.array([model.weights[0]], dtype=np.float32), "w_rf"),
        numpy_helper.from_array(np.array([model.weights[1]], dtype=np.float32), "w_gb"),
        numpy_helper.from_array(np.array([model.weights[2]], dtype=np.float32), "w_mlp"),
        numpy_helper.from_array(np.array([1e-7], dtype=np.float32), "eps"),
        numpy_helper.from_array(np.array([1.0 / model.temperature], dtype=np.float32), "inv_temperature"),
        numpy_helper.from_array(model.ood_mean.astype(np.float32), "ood_mean"),
        numpy_helper.from_array(model.ood_precision.astype(np.float32), "ood_precision"),
        numpy_helper.from_array(np.array([1], dtype=np.int64), "axis1"),
    ]
    nodes = [
        helper.make_node("Sub", ["features", "scaler_mean"], ["centred"]),
        helper.make_node("Div", ["centred", "scaler_scale"], ["xs"]),
        random_forest_node(model.rf, "xs", "rf"),
        gradient_boosting_node(model.gb, "xs", "gb", model.gb_base),
        *mlp_nodes(model.mlp, "xs", "mlp", init),
        helper.make_node("Mul", ["rf_probabilities", "w_rf"], ["rf_w"]),
        helper.make_node("Mul", ["gb_probabilities", "w_gb"], ["gb_w"]),
        helper.make_node("Mul", ["mlp_probabilities", "w_mlp"], ["mlp_w"]),
        helper.make_node("Sum", ["rf_w", "gb_w", "mlp_w"], ["ensemble"]),
        helper.make_node("Max", ["ensemble", "eps"], ["ensemble_safe"]),
        helper.make_node("Log", ["ensemble_safe"], ["log_ensemble"]),
        helper.make_node("Mul", ["log_ensemble", "inv_temperature"], ["tempered"]),
        helper.make_node("Softmax", ["tempered"], ["probabilities"], axis=1),
        helper.make_node("Sub", ["xs", "ood_mean"], ["ood_d"]),
        helper.make_node("MatMul", ["ood_d", "ood_precision"], ["ood_q"]),
        helper.make_node("Mul", ["ood_q", "ood_d"], ["ood_terms"]),
        helper.make_node("ReduceSum", ["ood_terms", "axis1"], ["ood_distance"], keepdims=1),
    ]
    prob = lambda name: helper.make_tensor_value_info(name, TensorProto.FLOAT, ["N", n_classes])
    graph = helper.make_graph(
        nodes,
        "signalcraft_diagnosis",
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["N", n_features])],
        [prob("probabilities"), prob("rf_probabilities"), prob("gb_probabilities"), prob("mlp_probabilities"), helper.make_tensor_value_info("ood_distance", TensorProto.FLOAT, ["N", 1])],
        init,
    )
    onnx_model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", OPSET), helper.make_opsetid("ai.onnx.ml", ML_OPSET)],
        producer_name="signalcraft-field models/training",
        doc_string=doc,
    )
    onnx_model.ir_version = 8
    onnx.checker.check_model(onnx_model)
    return onnx_model
