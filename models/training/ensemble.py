"""The diagnosis ensemble: scaler, random forest, gradient boosting and MLP, weights chosen on
validation data, temperature calibration, and a Mahalanobis out-of-distribution detector.

`FittedEnsemble.predict` mirrors the ONNX graph (onnx_export.build_ensemble) step by step; the
golden vectors it writes are what onnxruntime-node must reproduce to 1e-5 in the app's tests.
"""
import itertools
import json

import numpy as np
from scipy.optimize import minimize_scalar
from sklearn.covariance import LedoitWolf
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
from sklearn.neural_network import MLPClassifier

RF_PARAMS = dict(n_estimators=80, max_depth=12, min_samples_leaf=3, max_features="sqrt", n_jobs=2)
GB_PARAMS = dict(n_estimators=100, learning_rate=0.1, max_depth=3, subsample=0.8)
MLP_PARAMS = dict(hidden_layer_sizes=(64, 32), alpha=1e-3, max_iter=600, early_stopping=True, n_iter_no_change=25)


def load_set(data_dir, name):
    X = np.load(f"{data_dir}/{name}.npy").astype(np.float32)
    with open(f"{data_dir}/{name}.json", encoding="utf8") as f:
        meta = json.load(f)
    y = np.asarray(meta["labels"], dtype=np.int64)
    if X.shape[0] != len(y):
        raise ValueError(f"{name}: {X.shape[0]} feature rows but {len(y)} labels")
    if not np.all(np.isfinite(X)):
        raise ValueError(f"{name}: non-finite features")
    return X, y, meta


def standardize(X, mean, scale):
    """Float32 arithmetic, exactly as the ONNX graph's Sub and Div."""
    return (X.astype(np.float32) - mean.astype(np.float32)) / scale.astype(np.float32)


def log_loss(p, y):
    return float(-np.mean(np.log(np.clip(p[np.arange(len(y)), y], 1e-12, 1))))


def temper(p, temperature):
    z = np.log(np.maximum(p, 1e-7)) / temperature
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def expected_calibration_error(p, y, bins=15):
    conf = p.max(axis=1)
    correct = (p.argmax(axis=1) == y).astype(np.float64)
    edges = np.linspace(0, 1, bins + 1)
    ece = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        mask = (conf > lo) & (conf <= hi)
        if mask.any():
            ece += mask.mean() * abs(conf[mask].mean() - correct[mask].mean())
    return float(ece)


def disagreement(members):
    """Largest total-variation distance between any two members' class probabilities."""
    worst = np.zeros(members[0].shape[0])
    for a, b in itertools.combinations(members, 2):
        worst = np.maximum(worst, 0.5 * np.abs(a - b).sum(axis=1))
    return worst


class Members:
    def __init__(self, X, y, n_classes, seed, weight=None):
        self.mean = X.mean(axis=0).astype(np.float32)
        scale = X.std(axis=0)
        self.scale = np.where(scale > 1e-6, scale, 1.0).astype(np.float32)
        xs = standardize(X, self.mean, self.scale)
        # Every class must be present for the trees to emit a column per class.
        missing = set(range(n_classes)) - set(np.unique(y).tolist())
        if missing:
            raise ValueError(f"classes {sorted(missing)} have no training rows")
        self.rf = RandomForestClassifier(random_state=seed, **RF_PARAMS).fit(xs, y, sample_weight=weight)
        self.gb = GradientBoostingClassifier(random_state=seed, **GB_PARAMS).fit(xs, y, sample_weight=weight)
        # MLPClassifier takes no sample weights: repeat rows instead.
        reps = np.ones(len(y), dtype=np.int64) if weight is None else np.maximum(1, np.round(weight).astype(np.int64))
        self.mlp = MLPClassifier(random_state=seed, **MLP_PARAMS).fit(np.repeat(xs, reps, axis=0), np.repeat(y, reps))
        self.gb_base = self.gb._raw_predict_init(xs[:1])[0].astype(np.float64)
        # The exported graph adds lr * leaf values to these priors: check the decomposition holds.
        raw = self.gb.decision_function(xs[:50])
        manual = self.gb_base + sum(self.gb.learning_rate * np.stack([t.predict(xs[:50]) for t in stage], axis=1) for stage in self.gb.estimators_)
        if not np.allclose(raw, manual, atol=1e-8):
            raise AssertionError("gradient boosting decomposition does not match decision_function")
        lw = LedoitWolf().fit(xs.astype(np.float64))
        self.ood_mean = lw.location_.astype(np.float32)
        self.ood_precision = lw.precision_.astype(np.float32)

    def xs(self, X):
        return standardize(X, self.mean, self.scale)

    def probabilities(self, X):
        xs = self.xs(X)
        return [self.rf.predict_proba(xs), self.gb.predict_proba(xs), self.mlp.predict_proba(xs)]

    def ood_distance(self, X):
        d = self.xs(X).astype(np.float64) - self.ood_mean.astype(np.float64)
        return np.einsum("ij,jk,ik->i", d, self.ood_precision.astype(np.float64), d)


def choose_weights(members_p, y):
    """Simplex grid (step 0.1) minimising validation log loss of the mixture."""
    best = None
    steps = np.round(np.arange(0, 1.0001, 0.1), 1)
    for a in steps:
        for b in steps:
            c = round(1 - a - b, 1)
            if c < -1e-9:
                continue
            w = (a, b, max(c, 0.0))
            p = w[0] * members_p[0] + w[1] * members_p[1] + w[2] * members_p[2]
            loss = log_loss(p, y)
            if best is None or loss < best[0] - 1e-12:
                best = (loss, w)
    return best[1]


def choose_temperature(p, y):
    res = minimize_scalar(lambda t: log_loss(temper(p, t), y), bounds=(0.2, 5.0), method="bounded")
    return float(res.x)


class FittedEnsemble:
    def __init__(self, members, weights, temperature, thresholds):
        self.m = members
        self.weights = weights
        self.temperature = temperature
        self.thresholds = thresholds

    # Attributes the ONNX builder reads.
    mean = property(lambda self: self.m.mean)
    scale = property(lambda self: self.m.scale)
    rf = property(lambda self: self.m.rf)
    gb = property(lambda self: self.m.gb)
    gb_base = property(lambda self: self.m.gb_base)
    mlp = property(lambda self: self.m.mlp)
    ood_mean = property(lambda self: self.m.ood_mean)
    ood_precision = property(lambda self: self.m.ood_precision)

    def predict(self, X):
        rf, gb, mlp = self.m.probabilities(X)
        w = self.weights
        ensemble = w[0] * rf + w[1] * gb + w[2] * mlp
        return {
            "probabilities": temper(ensemble, self.temperature),
            "rf_probabilities": rf,
            "gb_probabilities": gb,
            "mlp_probabilities": mlp,
            "ood_distance": self.m.ood_distance(X)[:, None],
        }


def thresholds_from(held_out_members_p, held_out_ood, min_confidence=0.5):
    """Uncertainty thresholds from held-out in-distribution data: about 1 % of ordinary recordings
    are called out of distribution, about 2.5 % disagreeing."""
    return {
        "oodThreshold": float(np.quantile(held_out_ood, 0.99)),
        "disagreementThreshold": float(np.clip(np.quantile(disagreement(held_out_members_p), 0.975), 0.3, 0.7)),
        "minConfidence": min_confidence,
    }


def golden_vectors(model, X_examples):
    """Inputs and expected outputs for the parity test in TypeScript."""
    mean, scale = model.mean.astype(np.float64), model.scale.astype(np.float64)
    extremes = np.stack([mean, mean + 3 * scale, mean - 3 * scale, np.zeros_like(mean)]).astype(np.float32)
    X = np.concatenate([X_examples.astype(np.float32), extremes])
    out = model.predict(X)
    return {
        "inputs": [[float(v) for v in row] for row in X],
        "outputs": {k: [[float(v) for v in row] for row in np.asarray(val)] for k, val in out.items()},
        "tolerance": 1e-5,
    }
