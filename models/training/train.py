"""Trains the bundled diagnosis models and exports them to ONNX.

    /usr/bin/python3 models/training/train.py --data models/training/data --out models

Reads the feature sets written by the app's own extractor (tools/export-dataset.ts), so training
and diagnosis share one feature implementation. Writes <out>/<model>.onnx, <out>/golden/<model>.json
and <out>/manifest.json. Deterministic: fixed seeds throughout.
"""
import argparse
import datetime
import hashlib
import json
import os
import platform
import sys

import numpy as np
import onnx
import sklearn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ensemble import (  # noqa: E402
    FittedEnsemble,
    Members,
    choose_temperature,
    choose_weights,
    expected_calibration_error,
    golden_vectors,
    load_set,
    log_loss,
    temper,
    thresholds_from,
)
from onnx_export import build_ensemble  # noqa: E402

SEED = 20261122
REAL_WEIGHT = 2.0


def macro_f1(y, pred, n):
    f1s = []
    for c in range(n):
        tp = np.sum((pred == c) & (y == c))
        fp = np.sum((pred == c) & (y != c))
        fn = np.sum((pred != c) & (y == c))
        f1s.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return float(np.mean(f1s))


def summarize(p, y, n):
    pred = p.argmax(axis=1)
    return {"n": int(len(y)), "accuracy": float(np.mean(pred == y)), "macroF1": macro_f1(y, pred, n), "ece": expected_calibration_error(p, y), "logLoss": log_loss(p, y)}


def mix(members_p, w):
    return w[0] * members_p[0] + w[1] * members_p[1] + w[2] * members_p[2]


def with_field_set(data, name, meta, X, y):
    """Adds the technician-labelled field recordings (`signalcraft-field export-dataset`) when the
    data folder holds them, weighted like the real CWRU recordings. Their features must come from
    the same extractor version (schema hash) as the synthetic set, or they would mean something else."""
    weight = np.ones(len(y))
    if not os.path.exists(os.path.join(data, f"{name}.npy")):
        return X, y, weight, 0
    Xf, yf, fmeta = load_set(data, name)
    if fmeta["schemaHash"] != meta["schemaHash"] or fmeta["classes"] != meta["classes"]:
        raise ValueError(f"{name}: exported with another feature schema or class list than {meta['set']}; analyse the recordings again and re-export")
    print(f"  {name}: {len(yf)} labelled field recordings added")
    return np.concatenate([X, Xf]), np.concatenate([y, yf]), np.concatenate([weight, REAL_WEIGHT * np.ones(len(yf))]), int(len(yf))


# Sound faults named at 0.5-0.6 were right 72 % of the time on held-out synthetic clips (REPORT.md,
# calibration), and on the field synthesizer's healthy machines (rotary, scroll, rooms, small
# microphones) that band held most of the confident false alarms: a fault needs 0.6.
SOUND_MIN_CONFIDENCE = 0.6


def train_sound(data):
    X, y, meta = load_set(data, "sound-train")
    Xv, yv, _ = load_set(data, "sound-val")
    n = len(meta["classes"])
    X, y, weight, field_rows = with_field_set(data, "field-compressor-sound", meta, X, y)
    members = Members(X, y, n, SEED, weight=weight)
    pv = members.probabilities(Xv)
    w = choose_weights(pv, yv)
    t = choose_temperature(mix(pv, w), yv)
    thresholds = thresholds_from(pv, members.ood_distance(Xv), SOUND_MIN_CONFIDENCE)
    model = FittedEnsemble(members, w, t, thresholds)
    calibrated = temper(mix(pv, w), t)
    metrics = {
        "validation": summarize(calibrated, yv, n),
        "validationUncalibratedEce": expected_calibration_error(mix(pv, w), yv),
        "validationMembers": {name: summarize(p, yv, n) for name, p in zip(["rf", "gb", "mlp"], pv)},
    }
    counts = {c: int(np.sum(y == i)) for i, c in enumerate(meta["classes"])}
    training = {
        "description": "Synthetic compressor sound from the app's physics-based synthesizer ('train' parameter ranges), 16 kHz analysis copies, 5-8 s clips, random sites, backgrounds (room, fans, traffic, voices, cicadas, other machines), SNR 3-35 dB, microphone gains -42 to -12 dBFS, 15 % recorded at 44.1/48 kHz, 4 % clipped.",
        "rows": int(len(y)),
        "perClass": counts,
        "validationRows": int(len(yv)),
        "realRecordings": field_rows,
    }
    return model, meta, Xv, metrics, training


def fold_fit(Xs, ys, ws, n, seed):
    X = np.concatenate(Xs)
    y = np.concatenate(ys)
    w = np.concatenate(ws)
    return Members(X, y, n, seed, weight=w)


def fit_vibration(Xs, ys, Xsv, ysv, Xc, yc, groups, loads, n):
    """Vibration ensemble trained on synthetic data plus the CWRU recordings of `loads`.

    The ensemble weights, temperature and uncertainty thresholds come from out-of-fold predictions:
    members trained without one of `loads` score that load's recordings (and the synthetic
    validation set), so no choice is made on data the members saw.
    Returns the model and the out-of-fold calibrated probabilities for the CWRU rows of `loads`.
    """
    ones = lambda k: np.ones(k)
    inside = np.isin(groups, list(loads))
    oof = [np.zeros((len(yc), n)) for _ in range(3)]
    oof_ood = np.zeros(len(yc))
    for load in loads:
        test = groups == load
        train = inside & ~test
        m = fold_fit([Xs, Xc[train]], [ys, yc[train]], [ones(len(ys)), REAL_WEIGHT * ones(int(train.sum()))], n, SEED + int(load))
        p = m.probabilities(Xc[test])
        for i in range(3):
            oof[i][test] = p[i]
        oof_ood[test] = m.ood_distance(Xc[test])
    full = fold_fit([Xs, Xc[inside]], [ys, yc[inside]], [ones(len(ys)), REAL_WEIGHT * ones(int(inside.sum()))], n, SEED)
    pv = full.probabilities(Xsv)
    held = [np.concatenate([a[inside], b]) for a, b in zip(oof, pv)]
    y_held = np.concatenate([yc[inside], ysv])
    w = choose_weights(held, y_held)
    t = choose_temperature(mix(held, w), y_held)
    thresholds = thresholds_from(held, np.concatenate([oof_ood[inside], full.ood_distance(Xsv)]))
    model = FittedEnsemble(full, w, t, thresholds)
    return model, temper(mix(oof, w), t), temper(mix(pv, w), t)


def load_vibration(data, bandwidth):
    Xs, ys, meta = load_set(data, f"vib-{bandwidth}-synth")
    Xsv, ysv, _ = load_set(data, f"vib-{bandwidth}-synth-val")
    Xc, yc, cmeta = load_set(data, f"vib-{bandwidth}-cwru")
    return Xs, ys, Xsv, ysv, Xc, yc, np.asarray(cmeta["groups"]), meta, cmeta


def train_vibration(data, bandwidth):
    Xs, ys, Xsv, ysv, Xc, yc, groups, meta, cmeta = load_vibration(data, bandwidth)
    n = len(meta["classes"])
    loads = sorted(set(groups.tolist()))
    model, cal_oof, cal_val = fit_vibration(Xs, ys, Xsv, ysv, Xc, yc, groups, loads, n)
    metrics = {
        "cwruLeaveOneLoadOutSegments": summarize(cal_oof, yc, n),
        "cwruPerHeldOutLoad": {f"load{load}": summarize(cal_oof[groups == load], yc[groups == load], n) for load in loads},
        "syntheticValidation": summarize(cal_val, ysv, n),
        "note": "CWRU figures are out-of-fold per 5 s segment (train on two motor loads plus synthetic data, test on the third); models/REPORT.md has the per-recording evaluation through the app.",
    }
    rate = "12 kHz" if bandwidth == "wideband" else "3200 Hz (decimated, as the ESP32's ADXL345 gives)"
    training = {
        "description": f"CWRU drive-end accelerometer recordings (all three motor loads, 5 s segments, analysed at {rate}) weighted x{REAL_WEIGHT:g}, plus synthetic bearing vibration (half a CWRU-like rig with an SKF 6205, half random machines and bearing geometries). The only real healthy recording is 3 s long: the healthy class is mostly synthetic.",
        "rows": int(len(ys) + len(yc)),
        "realRows": int(len(yc)),
        "syntheticRows": int(len(ys)),
        "perClassReal": {c: int(np.sum(yc == i)) for i, c in enumerate(meta["classes"])},
        "perClassSynthetic": {c: int(np.sum(ys == i)) for i, c in enumerate(meta["classes"])},
        "realRecordings": len(set(r["file"] for r in cmeta["rows"])),
    }
    return model, meta, Xsv, metrics, training


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        h.update(f.read())
    return h.hexdigest()


def export(model, meta, X_examples, metrics, training, out, model_id, modality, bandwidth=None):
    n_features = len(meta["featureNames"])
    n_classes = len(meta["classes"])
    doc = f"SignalCraft Field diagnosis model {model_id}; feature schema {meta['schemaId']} {meta['schemaHash']}"
    onnx_model = build_ensemble(model, n_features, n_classes, doc)
    file = f"{model_id}.onnx"
    onnx.save(onnx_model, os.path.join(out, file))
    rng = np.random.default_rng(SEED)
    pick = rng.choice(len(X_examples), size=min(32, len(X_examples)), replace=False)
    golden = golden_vectors(model, X_examples[np.sort(pick)])
    # Next to the model (models/*.json is what the installer packs).
    golden_file = f"{model_id}.golden.json"
    with open(os.path.join(out, golden_file), "w", encoding="utf8") as f:
        json.dump(golden, f)
    entry = {
        "id": model_id,
        "modality": modality,
        "file": file,
        "sha256": sha256(os.path.join(out, file)),
        "bytes": os.path.getsize(os.path.join(out, file)),
        "featureSchema": {"id": meta["schemaId"], "hash": meta["schemaHash"], "names": meta["featureNames"]},
        "classes": [{"key": k, "name": name} for k, name in zip(meta["classes"], meta["classNames"])],
        "ensemble": {"weights": {"rf": model.weights[0], "gb": model.weights[1], "mlp": model.weights[2]}, "temperature": model.temperature},
        "uncertainty": model.thresholds,
        "golden": golden_file,
        "training": training,
        "metrics": metrics,
    }
    if bandwidth:
        entry["bandwidth"] = bandwidth
    return entry


def write_manifest(out, entries, extra=None):
    today = datetime.date.today().isoformat()
    manifest = {
        "format": 1,
        "version": f"{today}.1",
        "createdAt": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "trainer": {"python": platform.python_version(), "scikitLearn": sklearn.__version__, "onnx": onnx.__version__, "numpy": np.__version__, "seed": SEED},
        "models": entries,
    }
    if extra:
        manifest.update(extra)
    with open(os.path.join(out, "manifest.json"), "w", encoding="utf8") as f:
        json.dump(manifest, f, indent=2, ensure_ascii=False)
        f.write("\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    entries = []
    print("sound model ...", flush=True)
    model, meta, Xv, metrics, training = train_sound(args.data)
    entries.append(export(model, meta, Xv, metrics, training, args.out, "compressor-sound", "sound"))
    print(json.dumps(metrics["validation"]), flush=True)
    for bandwidth in ["wideband", "narrowband"]:
        print(f"vibration {bandwidth} model ...", flush=True)
        model, meta, Xv, metrics, training = train_vibration(args.data, bandwidth)
        entries.append(export(model, meta, Xv, metrics, training, args.out, f"bearing-vibration-{bandwidth}", "vibration", bandwidth))
        print(json.dumps(metrics["cwruLeaveOneLoadOutSegments"]), flush=True)
    write_manifest(args.out, entries)
    print(f"wrote {args.out}/manifest.json ({len(entries)} models)")


if __name__ == "__main__":
    main()
