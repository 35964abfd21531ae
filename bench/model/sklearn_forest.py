"""Reference forest for bench/model/compare.mjs: scikit-learn on the exact CSV our forest trains on.

Usage: /usr/bin/python3 sklearn_forest.py data.csv trees max_depth(0=None) min_samples_leaf seed probs_out
CSV: feature columns, then `label` (0/1) and `split` (train/test). Writes P(attack) of the test rows, one per
line, to probs_out (so the caller scores every implementation the same way) and prints timings as JSON.
"""
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import f1_score, roc_auc_score


def main():
    path, trees, depth, leaf, seed, probs_out = (
        sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6])
    with open(path) as f:
        header = f.readline().strip().split(',')
    n_feat = len(header) - 2
    raw = np.loadtxt(path, delimiter=',', skiprows=1, dtype=str)
    X = raw[:, :n_feat].astype(np.float64)
    y = raw[:, n_feat].astype(np.int64)
    train = raw[:, n_feat + 1] == 'train'
    test = ~train
    clf = RandomForestClassifier(
        n_estimators=trees,
        max_features='sqrt',
        max_depth=None if depth == 0 else depth,
        min_samples_leaf=leaf,
        bootstrap=True,
        n_jobs=1,
        random_state=seed,
    )
    t0 = time.perf_counter()
    c0 = time.process_time()
    clf.fit(X[train], y[train])
    fit_s = time.perf_counter() - t0
    fit_cpu = time.process_time() - c0
    t1 = time.perf_counter()
    p = clf.predict_proba(X[test])[:, 1]
    pred_s = time.perf_counter() - t1
    np.savetxt(probs_out, p, fmt='%.17g')
    yt = y[test]
    out = {
        'sklearn': sklearn.__version__,
        'fitSeconds': fit_s,
        'fitCpuSeconds': fit_cpu,
        'predictSeconds': pred_s,
        'f1': float(f1_score(yt, p >= 0.5, zero_division=0)),
        'auc': float(roc_auc_score(yt, p)) if 0 < yt.sum() < len(yt) else None,
        'trainRows': int(train.sum()),
        'testRows': int(test.sum()),
    }
    print(json.dumps(out))


if __name__ == '__main__':
    main()
