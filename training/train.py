"""Trains SonicSight's sound classifier from scratch on CPU and exports it to ONNX.

    python training/train.py                 # full run: 4-fold cross-validation, final model, export, model card
    python training/train.py --smoke         # a few batches on a tiny subset, export to a temp dir, checks

Outputs (full run): src/main/resources/org/sonicsight/model/{sonicsight.onnx,labels.json},
training/MODEL_CARD.md, training/metrics.json.
"""
import argparse
import json
import math
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent))
import data  # noqa: E402
from features import SR, WINDOW_SAMPLES, MelPower, frames_for, power_to_db  # noqa: E402
from model import EndToEnd, SoundNet, normalise  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
MODEL_DIR = REPO / "src" / "main" / "resources" / "org" / "sonicsight" / "model"
FRAMES = frames_for(WINDOW_SAMPLES)  # 216
CLASSES = data.CLASSES
OTHER = CLASSES.index("other")


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


# ---------------------------------------------------------------- features

class Item:
    """One clip as mel power frames [128, T] (the same front end the exported graph uses)."""

    def __init__(self, name, label, fold, source, category, mel_power):
        self.name, self.label, self.fold, self.source, self.category = name, label, fold, source, category
        self.y = CLASSES.index(label)
        self.mel = mel_power


def compute_items(clips, front: MelPower, seed: int, synthetic: int, cache: Path | None) -> list[Item]:
    if cache and cache.exists():
        stored = torch.load(cache, weights_only=False)
        if stored.get("names") == [c.path.name for c in clips] and stored.get("synthetic") == synthetic:
            # Only the features are cached: folds and labels come from data.py, so a re-fold takes effect.
            by_name = {c.path.name: c for c in clips}
            items = []
            for name, label, fold, source, category, mel in stored["items"]:
                clip = by_name.get(name)
                if clip is not None:
                    label, fold = clip.label, clip.fold
                items.append(Item(name, label, fold, source, category, mel))
            return items
    items = []
    t0 = time.time()
    with torch.no_grad():
        for i, clip in enumerate(clips):
            y = data.load_audio(clip.path)
            if clip.source == "esc50":
                y = data.trim_digital_silence(y)  # so zero padding cannot become a class cue
            if y.size < 2048:
                y = np.pad(y, (0, 2048 - y.size))
            mel = front(torch.from_numpy(y)[None])[0]
            items.append(Item(clip.path.name, clip.label, clip.fold, clip.source, clip.category, mel))
            if (i + 1) % 200 == 0:
                print(f"  features {i + 1}/{len(clips)} ({time.time() - t0:.0f} s)", flush=True)
        for k, (name, y) in enumerate(data.synthetic_others(seed, synthetic)):
            mel = front(torch.from_numpy(y)[None])[0]
            items.append(Item(name, "other", k % 4 + 1, "synthetic", "synthetic", mel))
    if cache:
        cache.parent.mkdir(parents=True, exist_ok=True)
        fields = [(it.name, it.label, it.fold, it.source, it.category, it.mel) for it in items]
        torch.save({"names": [c.path.name for c in clips], "synthetic": synthetic, "items": fields}, cache)
    return items


# ---------------------------------------------------------------- augmentation

def crop_or_place(mel: torch.Tensor, rng: np.random.Generator) -> torch.Tensor:
    """A 5 s training window: a random crop of long clips; short ones placed at random on a background
    of either digital silence or faint noise, so neither padding style says anything about the class."""
    t = mel.shape[1]
    if t >= FRAMES:
        start = int(rng.integers(0, t - FRAMES + 1))
        return mel[:, start:start + FRAMES].clone()
    out = torch.zeros(mel.shape[0], FRAMES)
    if rng.random() < 0.5:
        level = mel.max() * 10 ** (-rng.uniform(3.0, 7.0))
        out += level * torch.rand(mel.shape[0], FRAMES) * torch.linspace(1.5, 0.5, mel.shape[0])[:, None]
    start = int(rng.integers(0, FRAMES - t + 1))
    out[:, start:start + t] += mel
    return out


def add_noise(mel: torch.Tensor, rng: np.random.Generator, noise_bank: list[torch.Tensor]) -> torch.Tensor:
    """Mixes in an 'other' sound far below the foreground (power adds for independent sources)."""
    if rng.random() < 0.5 or not noise_bank:
        return mel
    bg = crop_or_place(noise_bank[int(rng.integers(0, len(noise_bank)))], rng)
    gain = mel.max() / (bg.max() + 1e-12) * 10 ** (-rng.uniform(1.5, 4.0))
    return mel + gain * bg


def spec_augment(db: torch.Tensor, rng: np.random.Generator) -> torch.Tensor:
    floor = db.min()
    for _ in range(2):
        w = int(rng.integers(0, 16))
        f0 = int(rng.integers(0, db.shape[0] - w + 1))
        db[f0:f0 + w, :] = floor
    for _ in range(2):
        w = int(rng.integers(0, 24))
        t0 = int(rng.integers(0, db.shape[1] - w + 1))
        db[:, t0:t0 + w] = floor
    return db


def make_batch(items, indices, rng, noise_bank, train=True):
    xs, ys = [], []
    for i in indices:
        it = items[i]
        mel = crop_or_place(it.mel, rng)
        if train:
            mel = add_noise(mel, rng, noise_bank)
        db = power_to_db(mel[None])[0]
        if train:
            db = spec_augment(db, rng)
        xs.append(normalise(db))
        ys.append(it.y)
    return torch.stack(xs), torch.tensor(ys)


def sampling_weights(items) -> np.ndarray:
    """Each class gets the same share of draws ('other', the most varied, twice that); within a class,
    each clip the same."""
    counts = {}
    for it in items:
        counts[it.y] = counts.get(it.y, 0) + 1
    w = np.array([(2.0 if it.y == OTHER else 1.0) / counts[it.y] for it in items])
    return w / w.sum()


# ---------------------------------------------------------------- training

def train_model(items, epochs, seed, steps_per_epoch, batch_size=32, log=print, max_batches=None):
    seed_everything(seed)
    rng = np.random.default_rng(seed)
    net = SoundNet(len(CLASSES))
    opt = torch.optim.AdamW(net.parameters(), lr=3e-3, weight_decay=1e-3)
    total = epochs * steps_per_epoch
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=max(total, 1), pct_start=0.15)
    weights = sampling_weights(items)
    noise_bank = [it.mel for it in items if it.y == OTHER]
    loss_fn = nn.CrossEntropyLoss(label_smoothing=0.05)
    step = 0
    for epoch in range(epochs):
        net.train()
        t0 = time.time()
        running = 0.0
        for _ in range(steps_per_epoch):
            idx = rng.choice(len(items), size=batch_size, p=weights)
            x, y = make_batch(items, idx, rng, noise_bank)
            if rng.random() < 0.5:  # mixup on the dB images
                lam = float(rng.beta(0.4, 0.4))
                perm = torch.randperm(x.shape[0])
                x = lam * x + (1 - lam) * x[perm]
                logits = net(x)
                loss = lam * loss_fn(logits, y) + (1 - lam) * loss_fn(logits, y[perm])
            else:
                loss = loss_fn(net(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            running += loss.item()
            step += 1
            if max_batches and step >= max_batches:
                return net
        log(f"    epoch {epoch + 1}/{epochs}: loss {running / steps_per_epoch:.3f} ({time.time() - t0:.1f} s)")
    return net


@torch.no_grad()
def clip_logits(net, item) -> tuple[np.ndarray, tuple[int, int]]:
    """Like the Java classifier: 5 s windows with 50% overlap; the window whose best named class is
    most confident decides."""
    net.eval()
    mel = item.mel
    t = mel.shape[1]
    if t <= FRAMES:
        padded = torch.zeros(mel.shape[0], FRAMES)
        padded[:, :t] = mel
        windows = [padded]
        spans = [(0, t)]
    else:
        starts = list(range(0, t - FRAMES, FRAMES // 2)) + [t - FRAMES]
        windows = [mel[:, s:s + FRAMES] for s in starts]
        spans = [(s, s + FRAMES) for s in starts]
    db = power_to_db(torch.stack(windows))
    logits = net(normalise(db)).numpy()
    probs = softmax(logits)
    named = np.delete(probs, OTHER, axis=1).max(axis=1)
    best = int(named.argmax())
    return logits[best], spans[best]


def softmax(z: np.ndarray, t: float = 1.0) -> np.ndarray:
    z = z / t
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


# ---------------------------------------------------------------- evaluation

def verdict(label: str) -> str:
    return label if label in ("dog", "cat") else "other"


def evaluate(records, temperature, threshold):
    """records: list of (item, logits). Returns the model-card metrics."""
    y = np.array([CLASSES.index(r[0].label) for r in records])
    p = softmax(np.stack([r[1] for r in records]), temperature)
    pred = p.argmax(axis=1)
    true_v = np.array([verdict(r[0].label) for r in records])
    pred_v = np.array([verdict(CLASSES[k]) for k in pred])
    dogcat = np.isin(true_v, ["dog", "cat"])
    dc_binary = np.where(p[:, CLASSES.index("dog")] >= p[:, CLASSES.index("cat")], "dog", "cat")
    named = np.array([r[0].label != "other" for r in records])
    real_other = np.array([r[0].label not in ("dog", "cat") and r[0].source != "synthetic" for r in records])
    conf = {t: {q: int(((true_v == t) & (pred_v == q)).sum()) for q in ["dog", "cat", "other"]}
            for t in ["dog", "cat", "other"]}
    conf_ok = p.max(axis=1)
    # Expected calibration error over 10 confidence bins.
    bins = np.linspace(0, 1, 11)
    ece, table = 0.0, []
    for lo, hi in zip(bins[:-1], bins[1:]):
        m = (conf_ok > lo) & (conf_ok <= hi)
        if m.any():
            acc = float((pred[m] == y[m]).mean())
            avg = float(conf_ok[m].mean())
            ece += m.mean() * abs(acc - avg)
            table.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": int(m.sum()), "confidence": avg, "accuracy": acc})
    sure_dc = np.isin(pred_v, ["dog", "cat"]) & (conf_ok >= threshold)
    return {
        "clips": len(records),
        "dog_vs_cat_accuracy": float((dc_binary[dogcat] == true_v[dogcat]).mean()),
        "dog_cat_verdict_accuracy": float((pred_v[dogcat] == true_v[dogcat]).mean()),
        "other_rejected": float((~np.isin(pred_v[real_other], ["dog", "cat"])).mean()),
        "top1_named_11": float((pred[named] == y[named]).mean()),
        "top1_all": float((pred == y).mean()),
        "verdict_confusion": conf,
        "ece": float(ece),
        "reliability": table,
        "sure_dog_cat_precision": float((pred_v[sure_dc] == true_v[sure_dc]).mean()) if sure_dc.any() else None,
        "sure_dog_cat_share": float(sure_dc[np.isin(true_v, ["dog", "cat"])].mean()),
    }


def fit_temperature(records) -> float:
    y = np.array([CLASSES.index(r[0].label) for r in records])
    z = np.stack([r[1] for r in records])
    best, best_t = 1e9, 1.0
    for t in np.arange(0.5, 3.01, 0.05):
        p = softmax(z, t)
        nll = -np.log(p[np.arange(len(y)), y] + 1e-12).mean()
        if nll < best:
            best, best_t = nll, float(t)
    return best_t


def choose_threshold(records, temperature, target_precision=0.97) -> float:
    """Lowest confidence at which dog/cat verdicts are right at least `target_precision` of the time."""
    p = softmax(np.stack([r[1] for r in records]), temperature)
    pred_v = np.array([verdict(CLASSES[k]) for k in p.argmax(axis=1)])
    true_v = np.array([verdict(r[0].label) for r in records])
    conf = p.max(axis=1)
    dc = np.isin(pred_v, ["dog", "cat"])
    for t in np.arange(0.30, 0.96, 0.01):
        m = dc & (conf >= t)
        if m.sum() >= 10 and (pred_v[m] == true_v[m]).mean() >= target_precision:
            return round(float(t), 2)
    return 0.9


# ---------------------------------------------------------------- export

def export(net, temperature, threshold, out_dir: Path, version: str) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    model = EndToEnd(net.eval(), temperature).eval()
    path = out_dir / "sonicsight.onnx"
    dummy = torch.zeros(1, WINDOW_SAMPLES)
    torch.onnx.export(model, (dummy,), str(path), input_names=["samples"], output_names=["probs"],
                      dynamic_axes={"samples": {0: "batch"}, "probs": {0: "batch"}}, opset_version=17,
                      dynamo=False)
    labels = {"sample_rate": SR, "window_samples": WINDOW_SAMPLES, "classes": CLASSES,
              "verdict_threshold": threshold, "model_version": version, "input": "samples", "output": "probs",
              "temperature": temperature}
    (out_dir / "labels.json").write_text(json.dumps(labels, indent=2) + "\n")
    return path


def check_export(path: Path, net, temperature) -> dict:
    """The ONNX graph gives the torch model's probabilities, and its front end is librosa's."""
    import onnxruntime as ort
    from features import librosa_db
    rng = np.random.default_rng(0)
    x = (0.2 * rng.standard_normal((2, WINDOW_SAMPLES))).astype(np.float32)
    x[1, : SR] *= 0.01
    sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    onnx_p = sess.run(["probs"], {"samples": x})[0]
    with torch.no_grad():
        torch_p = EndToEnd(net.eval(), temperature)(torch.from_numpy(x)).numpy()
        db = power_to_db(MelPower()(torch.from_numpy(x))).numpy()
    ref = np.stack([librosa_db(row) for row in x])
    return {"onnx_vs_torch_max_abs": float(np.abs(onnx_p - torch_p).max()),
            "frontend_vs_librosa_max_db": float(np.abs(db - ref).max())}


def latency(path: Path) -> dict:
    import onnxruntime as ort
    out = {}
    x = (0.1 * np.random.default_rng(1).standard_normal((1, WINDOW_SAMPLES))).astype(np.float32)
    for threads in (1, 2):
        so = ort.SessionOptions()
        so.intra_op_num_threads = threads
        sess = ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])
        for _ in range(10):
            sess.run(["probs"], {"samples": x})
        ts = []
        for _ in range(50):
            t0 = time.perf_counter()
            sess.run(["probs"], {"samples": x})
            ts.append((time.perf_counter() - t0) * 1000)
        out[f"threads_{threads}_p50_ms"] = float(np.median(ts))
    return out


# ---------------------------------------------------------------- main

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--smoke", action="store_true", help="a few batches on a tiny subset; exports to a temp dir")
    ap.add_argument("--epochs", type=int, default=32)
    ap.add_argument("--cv-epochs", type=int, default=16)
    ap.add_argument("--steps", type=int, default=40, help="batches per epoch")
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--threads", type=int, default=1, help="torch threads (1 is fastest on a busy 2-core machine)")
    ap.add_argument("--out", type=Path, default=MODEL_DIR)
    ap.add_argument("--no-cv", action="store_true")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    seed_everything(args.seed)
    t_start = time.time()

    clips = data.load_index()
    if args.smoke:
        rng = random.Random(0)
        by_label = {}
        for c in clips:
            by_label.setdefault(c.label, []).append(c)
        clips = [c for label in sorted(by_label) for c in rng.sample(by_label[label], min(3, len(by_label[label])))]
    print(f"{len(clips)} clips; computing features", flush=True)
    cache = None if args.smoke else REPO / "training" / "cache" / "features.pt"
    items = compute_items(clips, MelPower(), args.seed, 6 if args.smoke else 48, cache)

    if args.smoke:
        net = train_model(items, 1, args.seed, steps_per_epoch=3, batch_size=8)
        with tempfile.TemporaryDirectory() as tmp:
            path = export(net, 1.0, 0.5, Path(tmp), "smoke")
            checks = check_export(path, net, 1.0)
            print(f"smoke: exported {path.stat().st_size / 1e6:.2f} MB; {checks}")
            ok = checks["onnx_vs_torch_max_abs"] < 1e-4 and checks["frontend_vs_librosa_max_db"] < 0.05
        print("smoke: OK" if ok else "smoke: FAILED")
        return 0 if ok else 1

    metrics = {"seed": args.seed, "epochs": args.epochs, "cv_epochs": args.cv_epochs, "steps": args.steps}
    oof = []
    per_fold = {}
    if not args.no_cv:
        for fold in (1, 2, 3, 4):
            train_items = [it for it in items if it.fold != fold]
            val_items = [it for it in items if it.fold == fold]
            print(f"fold {fold}: train {len(train_items)}, validate {len(val_items)}", flush=True)
            net = train_model(train_items, args.cv_epochs, args.seed + fold, args.steps)
            recs = [(it, clip_logits(net, it)[0]) for it in val_items]
            oof += recs
            per_fold[fold] = evaluate(recs, 1.0, 0.5)
            print(f"  fold {fold}: top1 {per_fold[fold]['top1_all']:.3f}, dog-vs-cat "
                  f"{per_fold[fold]['dog_vs_cat_accuracy']:.3f}, other rejected {per_fold[fold]['other_rejected']:.3f}",
                  flush=True)
        temperature = fit_temperature(oof)
        threshold = choose_threshold(oof, temperature)
        metrics["cv"] = evaluate(oof, temperature, threshold)
        metrics["cv_per_fold"] = per_fold
    else:
        temperature, threshold = 1.0, 0.6
    metrics["temperature"] = temperature
    metrics["verdict_threshold"] = threshold

    print("final model on all data", flush=True)
    net = train_model(items, args.epochs, args.seed, args.steps)
    version = f"sonicsight-cnn-{time.strftime('%Y%m%d')}-s{args.seed}"
    path = export(net, temperature, threshold, args.out, version)
    metrics["export"] = check_export(path, net, temperature)
    metrics["model_bytes"] = path.stat().st_size
    metrics["params"] = sum(p.numel() for p in net.parameters())
    metrics["ort_latency"] = latency(path)
    metrics["train_minutes"] = (time.time() - t_start) / 60
    metrics["model_version"] = version
    metrics["counts"] = {c: sum(1 for it in items if it.label == c) for c in CLASSES}
    (REPO / "training" / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    import model_card
    model_card.write(metrics, REPO / "training" / "MODEL_CARD.md")
    print(json.dumps({k: metrics[k] for k in ("temperature", "verdict_threshold", "model_bytes", "ort_latency",
                                               "train_minutes")}, indent=2))
    if "cv" in metrics:
        cv = metrics["cv"]
        print(f"CV: dog-vs-cat {cv['dog_vs_cat_accuracy']:.3f}, other rejected {cv['other_rejected']:.3f}, "
              f"top1 named {cv['top1_named_11']:.3f}, ECE {cv['ece']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
