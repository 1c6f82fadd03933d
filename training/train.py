"""Trains SonicSight's sound classifier: a small head on a frozen, audio-pretrained backbone (BirdNET V2.4).

    python training/train.py            # full run: embeddings, grouped CV, leave-one-source-out, final model,
                                        # ONNX export, labels.json, metrics.json, MODEL_CARD.md
    python training/train.py --smoke    # a tiny subset, export to a temp dir, parity checks (what CI runs)

The backbone is ~/.cache/sonicsight/birdnet-embed.onnx when training/birdnet_backbone.py has built it (needs
TensorFlow once); otherwise it is cut out of the shipped model (everything up to its "embedding" tensor), so
retraining the head needs only onnx, onnxruntime, numpy, scipy and soundfile.
"""
import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

# One BLAS thread: on a busy 2-core machine OpenBLAS's spinning worker threads made the head's training 5x slower.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402
import onnx  # noqa: E402
from onnx import TensorProto, helper, numpy_helper  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import data  # noqa: E402
import embed  # noqa: E402
import head  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
MODEL_DIR = REPO / "src" / "main" / "resources" / "org" / "sonicsight" / "model"
CLASSES = data.CLASSES
OTHER = CLASSES.index("other")
NAMED = [i for i in range(len(CLASSES)) if i != OTHER]
TARGET_PRECISION = 0.99  # firm (not "unsure") dog/cat verdicts must be right this often out of fold
OTHER_SHARE = 4.0  # "other" is the widest class (40+ kinds of sound): it gets this many times the draws of each named class


def verdict_of(label: str) -> str:
    return label if label in ("dog", "cat") else "other"


# ---------------------------------------------------------------- backbone

def backbone_path(tmp: Path) -> Path:
    own = embed.cache_dir() / "birdnet-embed.onnx"
    if own.exists():
        return own
    shipped = MODEL_DIR / "sonicsight.onnx"
    out = tmp / "backbone.onnx"
    onnx.utils.extract_model(str(shipped), str(out), ["samples"], ["embedding"])
    return out


# ---------------------------------------------------------------- training sets

def training_rows(E: dict, clips, clip_mask: np.ndarray, exclude_bg: str | None = None):
    """Indices and labels of windows to train on, and their sample weights.

    App windows of dog/cat clips count only where they hold the sound (within 15 dB of the clip's loudest
    window); silent windows never count. Weights give every class the same total, and within a class each
    source a share that grows with the square root of its size (so 436 CatMeows clips do not drown 8 ESC cats).
    """
    n = len(E["clip"])
    ci = E["clip"]
    labels = np.array([CLASSES.index(c.label) for c in clips] + [OTHER])
    lab = np.where(ci >= 0, labels[np.maximum(ci, 0)], OTHER)
    keep = np.zeros(n, bool)
    in_set = np.where(ci >= 0, clip_mask[np.maximum(ci, 0)], True)
    loud = E["peak_dbfs"] >= embed.SILENCE_DBFS
    best = defaultdict(lambda: -1e9)
    for i in np.flatnonzero((E["kind"] == 0) & (ci >= 0)):
        best[ci[i]] = max(best[ci[i]], E["rms_db"][i])
    for i in range(n):
        if not in_set[i] or not loud[i]:
            continue
        if exclude_bg and E["bg_source"][i] == exclude_bg:
            continue
        if E["kind"][i] == 0 and ci[i] >= 0 and clips[ci[i]].label in ("dog", "cat"):
            if E["rms_db"][i] < best[ci[i]] - 15:
                continue
        keep[i] = True
    idx = np.flatnonzero(keep)
    src = np.array([clips[c].source if c >= 0 else "synthetic" for c in ci[idx]])
    y = lab[idx]
    counts = Counter(zip(y, src))
    w = np.array([1 / np.sqrt(counts[(a, b)]) for a, b in zip(y, src)])
    for c in np.unique(y):
        share = OTHER_SHARE if c == OTHER else 1.0
        w[y == c] *= share / w[y == c].sum()
    return idx, y, w


MEMBERS = 1  # heads per model (seeds), averaged in logit space


GATE_TAU = 0.25  # a dog/cat answer needs an embedding this similar (cosine, mean of 5 nearest) to training dogs/cats
GATE_SLOPE = 40.0
TAU_SWEEP = (0.0, 0.2, 0.25, 0.3, 0.35, 0.4)  # reported for CV and each held-out source
GATE_BANK = 512  # training windows kept per animal for the similarity check (shipped inside the graph, fp16)
GATE_K = 5


class Model:
    """A trained head plus its novelty gate: the dog and cat windows it was trained on, standardised and L2-normed.

    A softmax head must put every sound somewhere, and a sound unlike anything in training (a squeaky door, a game's
    jingle) often lands on cat or dog. The gate moves a dog (cat) probability to "other" in proportion to how far
    the window's embedding is from the nearest training dogs (cats): p'(dog) = p(dog) * sigmoid(40 (sim - tau)).
    Leave-one-source-out showed it: novel "other" sounds are rejected far more often, known animals barely change.
    """

    def __init__(self, net: head.MLP, banks: dict[int, np.ndarray], mu: np.ndarray, sd: np.ndarray):
        self.net, self.banks, self.mu, self.sd = net, banks, mu, sd

    def logits(self, x):
        return self.net.logits(x)

    def normed(self, x):
        z = (x - self.mu) / self.sd
        return z / np.linalg.norm(z, axis=1, keepdims=True)

    def similarity(self, x) -> np.ndarray:
        """[n, 2]: mean cosine similarity to the GATE_K nearest training dogs, then cats."""
        z = self.normed(x)
        out = []
        for c in (CLASSES.index("dog"), CLASSES.index("cat")):
            sims = z @ self.banks[c].T
            out.append(np.sort(sims, axis=1)[:, -GATE_K:].mean(axis=1))
        return np.stack(out, axis=1)


def gate(p: np.ndarray, sim: np.ndarray, tau: float) -> np.ndarray:
    p = p.copy()
    for j, c in enumerate((CLASSES.index("dog"), CLASSES.index("cat"))):
        keep = 1 / (1 + np.exp(-GATE_SLOPE * (sim[:, j] - tau)))
        p[:, OTHER] += p[:, c] * (1 - keep)
        p[:, c] *= keep
    return p


def fit(E, clips, clip_mask, seed, exclude_bg=None, epochs=40, log=None) -> Model:
    idx, y, w = training_rows(E, clips, clip_mask, exclude_bg)
    net = head.train_ensemble(E["emb"][idx], y, w, len(CLASSES), seed, members=MEMBERS, epochs=epochs, log=log)
    rng = np.random.default_rng(seed)
    mu = E["emb"][idx].mean(axis=0).astype(np.float32)
    sd = (E["emb"][idx].std(axis=0) + 1e-3).astype(np.float32)
    banks = {}
    for c in (CLASSES.index("dog"), CLASSES.index("cat")):
        rows = idx[y == c]
        rows = rows[rng.permutation(len(rows))[:GATE_BANK]]
        z = (E["emb"][rows] - mu) / sd
        banks[c] = (z / np.linalg.norm(z, axis=1, keepdims=True)).astype(np.float16).astype(np.float32)
    return Model(net, banks, mu, sd)


# ---------------------------------------------------------------- clip-level scoring (as the Java app does)

def clip_records(E, clips, net, clip_ids, fold_of=None) -> list[dict]:
    """For each clip: logits of the window the app would choose (the most confident named, non-silent one)."""
    app = (E["kind"] == 0) & (E["clip"] >= 0)
    by_clip = defaultdict(list)
    for i in np.flatnonzero(app):
        by_clip[E["clip"][i]].append(i)
    records = []
    for c in clip_ids:
        rows = np.array(by_clip[c])
        model = net if fold_of is None else fold_of[c]
        z = model.logits(E["emb"][rows])
        silent = E["peak_dbfs"][rows] < embed.SILENCE_DBFS
        records.append({"clip": int(c), "logits": z, "sim": model.similarity(E["emb"][rows]), "silent": silent,
                        "label": clips[c].label, "source": clips[c].source})
    return records


def score(rec, t: float, tau: float | None = None):
    """(verdict, label, confidence) of one clip at temperature t, as OnnxClassifier.classify does."""
    if rec["silent"].all():
        return "other", "other", 1.0
    p = gate(head.softmax(rec["logits"], t), rec["sim"], GATE_TAU if tau is None else tau)
    named = np.where(rec["silent"], -1.0, p[:, NAMED].max(axis=1))
    best = int(np.argmax(named))
    top = int(np.argmax(p[best]))
    return verdict_of(CLASSES[top]), CLASSES[top], float(p[best, top])


def evaluate(records, t: float, threshold: float, tau: float | None = None) -> dict:
    animals = [r for r in records if r["label"] in ("dog", "cat")]
    others = [r for r in records if r["label"] not in ("dog", "cat")]
    conf = Counter()
    firm_right = firm_wrong = firm_animals = right_animals = named_right = named_n = 0
    for r in records:
        v, lab, c = score(r, t, tau)
        truth = verdict_of(r["label"])
        conf[(truth, v)] += 1
        firm = c >= threshold
        if firm and v in ("dog", "cat"):
            if v == truth:
                firm_right += 1
            else:
                firm_wrong += 1
        if r["label"] != "other":
            named_n += 1
            named_right += int(lab == r["label"])
        if truth in ("dog", "cat"):
            right_animals += int(v == truth)
            firm_animals += int(firm and v == truth)
    rejected = conf[("other", "other")]
    return {
        "clips": len(records), "dog_cat_clips": len(animals), "other_clips": len(others),
        "dog_cat_right": right_animals / max(1, len(animals)),
        "other_rejected": rejected / max(1, len(others)),
        "dog_cat_firm_right": firm_animals / max(1, len(animals)),
        "firm_dog_cat_precision": firm_right / max(1, firm_right + firm_wrong),
        "firm_wrong": firm_wrong,
        "top1_named": named_right / max(1, named_n),
        "confusion": {f"{a}->{b}": n for (a, b), n in sorted(conf.items())},
    }


def fit_temperature(records) -> float:
    # The deciding window does not depend on the temperature (it is chosen at t = 1): find it once per clip.
    deciding = []
    for r in records:
        if r["silent"].all():
            continue
        named = np.where(r["silent"], -1.0, head.softmax(r["logits"], 1.0)[:, NAMED].max(axis=1))
        deciding.append((r["logits"][int(np.argmax(named))], CLASSES.index(r["label"])))

    def nll(t):
        return -sum(np.log(head.softmax(z, t)[y] + 1e-9) for z, y in deciding)
    grid = np.arange(0.5, 3.01, 0.05)
    return float(grid[int(np.argmin([nll(t) for t in grid]))])


def choose_threshold(records, t: float) -> float:
    """Lowest confidence at which firm dog/cat verdicts are right at least TARGET_PRECISION of the time."""
    for th in np.arange(0.40, 0.99, 0.01):
        m = evaluate(records, t, th)
        if m["firm_dog_cat_precision"] >= TARGET_PRECISION:
            return round(float(th), 2)
    return 0.99


# ---------------------------------------------------------------- export

def export(model: Model, t: float, threshold: float, backbone: Path, out_dir: Path, version: str) -> Path:
    m = onnx.load(str(backbone))
    g = m.graph
    net = model.net
    w1, b1, w2, b2 = net.folded()
    g.initializer.extend([numpy_helper.from_array(w1, "head/w1"), numpy_helper.from_array(b1, "head/b1"),
                          numpy_helper.from_array(w2, "head/w2"), numpy_helper.from_array(b2, "head/b2"),
                          numpy_helper.from_array(np.float32(t), "head/temperature")])
    g.node.extend([
        helper.make_node("MatMul", ["embedding", "head/w1"], ["head/h_pre"]),
        helper.make_node("Add", ["head/h_pre", "head/b1"], ["head/h_bias"]),
        helper.make_node("Relu", ["head/h_bias"], ["head/h"]),
        helper.make_node("MatMul", ["head/h", "head/w2"], ["head/z_pre"]),
        helper.make_node("Add", ["head/z_pre", "head/b2"], ["logits"]),
        helper.make_node("Div", ["logits", "head/temperature"], ["head/z_t"]),
        helper.make_node("Softmax", ["head/z_t"], ["head/probs"], axis=-1),
    ])
    # Novelty gate (see Model): similarity to the training dogs and cats moves unlike sounds to "other".
    dog, cat = CLASSES.index("dog"), CLASSES.index("cat")
    g.initializer.extend([
        numpy_helper.from_array(model.mu, "gate/mu"), numpy_helper.from_array(model.sd, "gate/sd"),
        numpy_helper.from_array(np.array([GATE_K], np.int64), "gate/k"),
        numpy_helper.from_array(np.float32(GATE_TAU), "gate/tau"),
        numpy_helper.from_array(np.float32(GATE_SLOPE), "gate/slope"),
        numpy_helper.from_array(np.float32(1.0), "gate/one"),
        numpy_helper.from_array(np.eye(len(CLASSES), dtype=np.float32)[dog], "gate/e_dog"),
        numpy_helper.from_array(np.eye(len(CLASSES), dtype=np.float32)[cat], "gate/e_cat"),
        numpy_helper.from_array(np.eye(len(CLASSES), dtype=np.float32)[OTHER], "gate/e_other"),
    ])
    nodes = [
        helper.make_node("Sub", ["embedding", "gate/mu"], ["gate/centred"]),
        helper.make_node("Div", ["gate/centred", "gate/sd"], ["gate/z"]),
        helper.make_node("LpNormalization", ["gate/z"], ["gate/zn"], axis=1, p=2),
    ]
    for name, c in (("dog", dog), ("cat", cat)):
        g.initializer.append(numpy_helper.from_array(model.banks[c].T.astype(np.float16), f"gate/bank_{name}16"))
        nodes += [
            helper.make_node("Cast", [f"gate/bank_{name}16"], [f"gate/bank_{name}"], to=TensorProto.FLOAT),
            helper.make_node("MatMul", ["gate/zn", f"gate/bank_{name}"], [f"gate/sims_{name}"]),
            helper.make_node("TopK", [f"gate/sims_{name}", "gate/k"], [f"gate/top_{name}", f"gate/topi_{name}"],
                             axis=1),
            helper.make_node("ReduceMean", [f"gate/top_{name}"], [f"gate/sim_{name}"], axes=[1], keepdims=1),
            helper.make_node("Sub", [f"gate/sim_{name}", "gate/tau"], [f"gate/margin_{name}"]),
            helper.make_node("Mul", [f"gate/margin_{name}", "gate/slope"], [f"gate/arg_{name}"]),
            helper.make_node("Sigmoid", [f"gate/arg_{name}"], [f"gate/keep_{name}"]),
            helper.make_node("Sub", [f"gate/keep_{name}", "gate/one"], [f"gate/loss_{name}"]),
            helper.make_node("Mul", [f"gate/loss_{name}", f"gate/e_{name}"], [f"gate/delta_{name}"]),
        ]
    nodes += [
        helper.make_node("Add", ["gate/delta_dog", "gate/delta_cat"], ["gate/delta"]),
        helper.make_node("Add", ["gate/delta", "gate/one"], ["gate/factor"]),
        helper.make_node("Mul", ["head/probs", "gate/factor"], ["gate/kept"]),
        helper.make_node("Sub", ["head/probs", "gate/kept"], ["gate/moved"]),
        helper.make_node("ReduceSum", ["gate/moved", "gate/axis1"], ["gate/lost"], keepdims=1),
        helper.make_node("Mul", ["gate/lost", "gate/e_other"], ["gate/to_other"]),
        helper.make_node("Add", ["gate/kept", "gate/to_other"], ["probs"]),
    ]
    g.initializer.append(numpy_helper.from_array(np.array([1], np.int64), "gate/axis1"))
    g.node.extend(nodes)
    del g.output[:]
    g.output.append(helper.make_tensor_value_info("probs", TensorProto.FLOAT, ["batch", len(CLASSES)]))
    m.producer_name = "sonicsight-training"
    del m.metadata_props[:]
    for k, v in {"model_version": version, "classes": json.dumps(CLASSES), "temperature": f"{t:.4f}",
                 "licence": "CC BY-NC-SA 4.0 (BirdNET V2.4 backbone); trained on ESC-50 (CC BY-NC 3.0) and "
                            "other sets, see training/MODEL_CARD.md"}.items():
        m.metadata_props.add(key=k, value=v)
    onnx.checker.check_model(m)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "sonicsight.onnx"
    onnx.save(m, str(path))
    labels = {"sample_rate": data.SR, "window_samples": embed.WINDOW, "classes": CLASSES,
              "verdict_threshold": threshold, "model_version": version, "input": "samples", "output": "probs",
              "temperature": t}
    (out_dir / "labels.json").write_text(json.dumps(labels, indent=2) + "\n")
    return path


def check_export(path: Path, model: Model, t: float, E: dict, rows: np.ndarray, windows: np.ndarray) -> float:
    """ONNX Runtime on raw samples vs the numpy head on the cached embeddings of the same windows."""
    import onnxruntime as ort
    sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    got = sess.run(["probs"], {"samples": windows})[0]
    want = gate(head.softmax(model.logits(E["emb"][rows]), t), model.similarity(E["emb"][rows]), GATE_TAU)
    return float(np.abs(got - want).max())


def latency(path: Path) -> dict:
    import onnxruntime as ort
    out = {}
    for threads in (1, 2):
        so = ort.SessionOptions()
        so.intra_op_num_threads = threads
        sess = ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])
        x = (np.random.default_rng(0).normal(0, 0.1, (1, embed.WINDOW))).astype(np.float32)
        for _ in range(3):
            sess.run(None, {"samples": x})
        times = []
        for _ in range(30):
            t0 = time.perf_counter()
            sess.run(None, {"samples": x})
            times.append((time.perf_counter() - t0) * 1000)
        out[f"p50_ms_{threads}_thread"] = round(float(np.median(times)), 2)
    return out


# ---------------------------------------------------------------- main

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--smoke", action="store_true", help="tiny subset, export to a temp dir, checks")
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--views", type=int, default=3, help="augmented views per clip")
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--out", type=Path, default=MODEL_DIR)
    ap.add_argument("--no-loso", action="store_true", help="skip leave-one-source-out")
    args = ap.parse_args()
    t_start = time.time()
    log = lambda msg: print(f"[{time.time() - t_start:6.0f} s] {msg}", flush=True)  # noqa: E731
    tmp = Path(tempfile.mkdtemp(prefix="sonicsight-train-"))
    backbone = backbone_path(tmp)
    clips = data.load_index()
    if args.smoke:
        rng = np.random.default_rng(0)
        by_label = defaultdict(list)
        for c in clips:
            by_label[c.label].append(c)
        clips = [c for lab in CLASSES for c in rng.permutation(by_label[lab])[:4]]
        args.views, args.epochs, args.out, args.no_loso = 1, 3, tmp / "model", True
    log(f"{len(clips)} clips from {len(set(c.source for c in clips))} sources; backbone {backbone}")
    E = embed.build(clips, backbone, args.seed, args.views, synthetic=6 if args.smoke else 48, log=log,
                    use_cache=not args.smoke)
    n = len(clips)
    ids = np.arange(n)
    folds = np.array([c.fold for c in clips])

    # Grouped 4-fold CV: out-of-fold model for every clip.
    log("cross-validation (4 folds, grouped by recording)")
    fold_model = {}
    for k in (1, 2, 3, 4):
        net = fit(E, clips, folds != k, args.seed + k, epochs=args.epochs)
        for c in ids[folds == k]:
            fold_model[c] = net
        log(f"  fold {k}: {int((folds == k).sum())} clips held out")
    oof = clip_records(E, clips, None, ids, fold_model)
    t = fit_temperature(oof)
    threshold = choose_threshold(oof, t)
    cv = evaluate(oof, t, threshold)
    cv_by_source = {s: evaluate([r for r in oof if r["source"] == s], t, threshold)
                    for s in sorted(set(c.source for c in clips))}
    log(f"CV: temperature {t:.2f}, threshold {threshold:.2f}: dog/cat right {cv['dog_cat_right']:.3f}, "
        f"other rejected {cv['other_rejected']:.3f}, firm {cv['dog_cat_firm_right']:.3f}, "
        f"firm wrong {cv['firm_wrong']}, top-1 named {cv['top1_named']:.3f}")

    # Leave one source out: train without a whole source (and without its sounds as backgrounds), test on it.
    loso, sweep = {}, {}
    sweep["cv"] = {f"{tau:.2f}": {k: round(v, 4) for k, v in evaluate(oof, t, threshold, tau).items()
                                  if k in ("dog_cat_right", "other_rejected", "dog_cat_firm_right")}
                   for tau in TAU_SWEEP}
    if not args.no_loso:
        for s in sorted(set(c.source for c in clips)):
            mask = np.array([c.source != s for c in clips])
            net = fit(E, clips, mask, args.seed, exclude_bg=s, epochs=args.epochs)
            recs = clip_records(E, clips, net, ids[~mask])
            loso[s] = evaluate(recs, t, threshold)
            sweep[s] = {f"{tau:.2f}": {k: round(v, 4) for k, v in evaluate(recs, t, threshold, tau).items()
                                       if k in ("dog_cat_right", "other_rejected", "dog_cat_firm_right")}
                        for tau in TAU_SWEEP}
            m = loso[s]
            log(f"  LOSO {s}: {m['clips']} clips, dog/cat right {m['dog_cat_right']:.3f}, other rejected "
                f"{m['other_rejected']:.3f}, firm {m['dog_cat_firm_right']:.3f}, firm wrong {m['firm_wrong']}")

    log("final model on all clips")
    net = fit(E, clips, np.ones(n, bool), args.seed, epochs=args.epochs)
    version = time.strftime("sonicsight-birdnet-head-%Y%m%d") + f"-s{args.seed}"
    path = export(net, t, threshold, backbone, args.out, version)
    # Parity: the exported graph on raw samples vs the numpy head on cached embeddings.
    app_rows = np.flatnonzero((E["kind"] == 0) & (E["clip"] >= 0))[:8]
    wins = np.stack([embed.padded(data.load_audio(clips[E["clip"][i]].path), int(E["start"][i]),
                                  int(E["start"][i]) + embed.WINDOW) for i in app_rows])
    parity = check_export(path, net, t, E, app_rows, wins)
    log(f"exported {path} ({path.stat().st_size / 1e6:.1f} MB); ONNX vs numpy max |diff| {parity:.2e}")
    if parity > 1e-3:
        log("parity check failed")
        return 1
    if args.smoke:
        log("smoke run OK")
        return 0
    metrics = {
        "model_version": version, "seed": args.seed, "temperature": t, "verdict_threshold": threshold,
        "target_precision": TARGET_PRECISION, "cv": cv, "cv_by_source": cv_by_source, "loso": loso,
        "gate": {"tau": GATE_TAU, "slope": GATE_SLOPE, "bank_per_animal": GATE_BANK, "k": GATE_K, "sweep": sweep},
        "other_share": OTHER_SHARE, "members": MEMBERS,
        "clips_by_source_label": {f"{s}/{lab}": k for (s, lab), k in
                                  sorted(Counter((c.source, c.label) for c in clips).items())},
        "windows": int(len(E["emb"])), "views_per_clip": args.views, "epochs": args.epochs,
        "onnx_mb": round(path.stat().st_size / 1e6, 1), "parity_max_abs": parity, "latency": latency(path),
        "train_minutes": round((time.time() - t_start) / 60, 1),
    }
    (REPO / "training" / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    import model_card
    model_card.write(metrics, REPO / "training" / "MODEL_CARD.md")
    log("wrote training/metrics.json and training/MODEL_CARD.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
