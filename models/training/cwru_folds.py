"""Leave-one-load-out models for the CWRU evaluation (npm run models:eval).

For each bandwidth (12 kHz wideband, 3200 Hz narrowband) and each motor load L (0, 1, 2 hp):
train the vibration ensemble exactly as the shipped one is trained (train.fit_vibration), but on
synthetic data plus the CWRU recordings of the two other loads only, and export it as a model set
(manifest, ONNX, golden vectors) in <out>/<bandwidth>/load<L>/. The evaluation tool then runs the
held-out load's whole recordings through the app's own engine with that model set. Windows of one
recording are never split between training and test: whole loads are held out.

    /usr/bin/python3 models/training/cwru_folds.py --data models/training/data --out models/training/out/folds
"""
import argparse
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train import export, fit_vibration, load_vibration, summarize, write_manifest  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--bandwidth", choices=["wideband", "narrowband"], help="only this bandwidth (default: both)")
    args = ap.parse_args()
    summary = {}
    for bandwidth in [args.bandwidth] if args.bandwidth else ["wideband", "narrowband"]:
        Xs, ys, Xsv, ysv, Xc, yc, groups, meta, cmeta = load_vibration(args.data, bandwidth)
        n = len(meta["classes"])
        loads = sorted(set(groups.tolist()))
        for held in loads:
            train_loads = [l for l in loads if l != held]
            model, _, _ = fit_vibration(Xs, ys, Xsv, ysv, Xc, yc, groups, train_loads, n)
            out = os.path.join(args.out, bandwidth, f"load{held}")
            os.makedirs(out, exist_ok=True)
            test = groups == held
            p = model.predict(Xc[test])["probabilities"]
            metrics = {"heldOutLoadSegments": summarize(p, yc[test], n)}
            training = {"description": f"fold model: synthetic data plus CWRU loads {train_loads}; load {held} held out", "heldOutLoad": int(held)}
            entry = export(model, meta, Xsv, metrics, training, out, f"bearing-vibration-{bandwidth}", "vibration", bandwidth)
            write_manifest(out, [entry], {"fold": {"bandwidth": bandwidth, "heldOutLoad": int(held), "trainLoads": [int(l) for l in train_loads]}})
            summary[f"{bandwidth}/load{held}"] = metrics["heldOutLoadSegments"]
            print(f"{bandwidth} load {held} held out: segment accuracy {metrics['heldOutLoadSegments']['accuracy']:.3f}", flush=True)
    with open(os.path.join(args.out, "summary.json"), "w", encoding="utf8") as f:
        json.dump(summary, f, indent=2)


if __name__ == "__main__":
    main()
