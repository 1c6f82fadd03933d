"""Windows of every clip, augmented training views, and their embeddings from the frozen BirdNET backbone.

Two kinds of 3 s windows (66150 samples at 22050 Hz, the model's input):
  * "app" windows: exactly what the Java app feeds the model for a file (OnnxClassifier.windows: one zero-padded
    window for short clips, else 50% overlap with the last window flush with the end), used for clip-level
    evaluation and, where they hold the sound, for training;
  * "aug" views for training: crops centred on the loud part of dog/cat clips, short clips placed at random on
    silence, faint noise or another sound, mixing with "other" sounds at random SNR, and random low-pass filtering
    (CatMeows has nothing above 4 kHz: without it, "band-limited" would mean "cat").
Embeddings are cached in $SONICSIGHT_CACHE, keyed by the backbone, the clip list and these settings.
"""
import hashlib
import json
import os
import time
from pathlib import Path

import numpy as np

import data

WINDOW = 3 * data.SR  # 66150
SILENCE_DBFS = -70.0  # OnnxClassifier.SILENCE_DBFS: windows quieter than this are not scored
AUG_VERSION = 3


def cache_dir() -> Path:
    d = Path(os.environ.get("SONICSIGHT_CACHE", Path.home() / ".cache" / "sonicsight"))
    d.mkdir(parents=True, exist_ok=True)
    return d


def app_windows(length: int, window: int = WINDOW) -> list[tuple[int, int]]:
    """OnnxClassifier.windows(): [start, end) spans."""
    if length <= window:
        return [(0, length)]
    hop = window // 2
    spans, start = [], 0
    while start + window < length:
        spans.append((start, start + window))
        start += hop
    spans.append((length - window, length))
    return spans


def padded(y: np.ndarray, start: int, end: int) -> np.ndarray:
    out = np.zeros(WINDOW, np.float32)
    seg = y[start:end]
    out[: len(seg)] = seg
    return out


def peak_dbfs(x: np.ndarray) -> float:
    p = float(np.max(np.abs(x))) if x.size else 0.0
    return 20 * np.log10(p) if p > 0 else -200.0


def rms_db(x: np.ndarray) -> float:
    return 10 * np.log10(float(np.mean(x.astype(np.float64) ** 2)) + 1e-12)


def lowpass(x: np.ndarray, cutoff: float) -> np.ndarray:
    from scipy.signal import butter, sosfilt
    sos = butter(8, cutoff, btype="low", fs=data.SR, output="sos")
    return sosfilt(sos, x).astype(np.float32)


def loud_centre(y: np.ndarray, rng: np.random.Generator) -> int:
    """A sample index in the loud part of the clip (frames within 6 dB of the loudest, picked at random)."""
    hop = 1024
    n = max(1, len(y) // hop)
    e = np.array([np.mean(y[i * hop:(i + 1) * hop] ** 2) for i in range(n)]) + 1e-12
    db = 10 * np.log10(e)
    loud = np.flatnonzero(db >= db.max() - 6)
    return int(rng.choice(loud)) * hop + hop // 2


def mix_at_snr(fg: np.ndarray, bg: np.ndarray, snr_db: float) -> np.ndarray:
    pf, pb = np.mean(fg ** 2) + 1e-12, np.mean(bg ** 2) + 1e-12
    return fg + bg * np.sqrt(pf / pb / 10 ** (snr_db / 10))


def crop(y: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    if len(y) <= WINDOW:
        out = np.zeros(WINDOW, np.float32)
        off = rng.integers(0, WINDOW - len(y) + 1)
        out[off: off + len(y)] = y
        return out
    s = rng.integers(0, len(y) - WINDOW + 1)
    return y[s: s + WINDOW].copy()


def aug_view(y: np.ndarray, label: str, rng: np.random.Generator, backgrounds) -> tuple[np.ndarray, str]:
    """One augmented 3 s training view of a clip, and the source of the background mixed in ("" if none)."""
    y = data.trim_digital_silence(y)
    if len(y) == 0:
        y = np.zeros(1, np.float32)
    animal = label in ("dog", "cat")
    bg_source = ""
    if len(y) > WINDOW:
        if animal:
            c = loud_centre(y, rng)
            s = int(np.clip(c - rng.integers(int(0.15 * WINDOW), int(0.85 * WINDOW)), 0, len(y) - WINDOW))
        else:
            s = int(rng.integers(0, len(y) - WINDOW + 1))
        view = y[s: s + WINDOW].copy()
    else:
        view = np.zeros(WINDOW, np.float32)
        off = int(rng.integers(0, WINDOW - len(y) + 1))
        view[off: off + len(y)] = y
        r = rng.random()
        if r < 0.3:  # faint noise instead of digital silence
            level = np.max(np.abs(y)) * 10 ** (rng.uniform(-60, -30) / 20)
            view += rng.normal(0, 1, WINDOW).astype(np.float32) * level
    if backgrounds and rng.random() < 0.45:
        src, bg = backgrounds[rng.integers(len(backgrounds))]
        snr = rng.uniform(0, 20) if animal else rng.uniform(-5, 15)
        view = mix_at_snr(view, crop(bg, rng), snr)
        bg_source = src
    if rng.random() < 0.25:
        view = lowpass(view, rng.uniform(2500, 8000))
    peak = np.max(np.abs(view))
    if peak > 0:
        view = view / peak * 10 ** (rng.uniform(-30, -1) / 20)
    return view.astype(np.float32), bg_source


class Embedder:
    def __init__(self, backbone: Path, threads: int = 2):
        import onnxruntime as ort
        so = ort.SessionOptions()
        so.intra_op_num_threads = threads
        so.inter_op_num_threads = 1
        self.sess = ort.InferenceSession(str(backbone), so, providers=["CPUExecutionProvider"])

    def __call__(self, windows: np.ndarray, batch: int = 16) -> np.ndarray:
        return np.concatenate([self.sess.run(["embedding"], {"samples": windows[i:i + batch]})[0]
                               for i in range(0, len(windows), batch)])


def build(clips, backbone: Path, seed: int, views_per_clip: int, synthetic: int = 48, log=print,
          use_cache: bool = True) -> dict:
    """Windows + embeddings for all clips. Returns arrays keyed by name (see the end of the function)."""
    key = hashlib.sha256(json.dumps({
        "backbone": hashlib.sha256(backbone.read_bytes()).hexdigest(),
        "clips": [str(c.path.relative_to(data.data_root())) if data.data_root() in c.path.parents else str(c.path)
                  for c in clips],
        "seed": seed, "views": views_per_clip, "synthetic": synthetic, "aug": AUG_VERSION,
    }).encode()).hexdigest()[:16]
    cached = cache_dir() / f"embeddings-{key}.npz"
    if use_cache and cached.exists():
        log(f"embeddings: cached {cached}")
        return dict(np.load(cached, allow_pickle=False))
    rng = np.random.default_rng(seed)
    embed = Embedder(backbone)
    audio = [data.load_audio(c.path) for c in clips]
    backgrounds = [(c.source, a) for c, a in zip(clips, audio) if c.label == "other" and len(a) > 0]
    synth = data.synthetic_others(seed, synthetic) if synthetic else []
    backgrounds += [("synthetic", a) for _, a in synth]
    rows_clip, rows_kind, rows_start, rows_peak, rows_rms, rows_bg, wins = [], [], [], [], [], [], []

    def add(ci, kind, start, w, bg=""):
        rows_clip.append(ci)
        rows_kind.append(kind)
        rows_start.append(start)
        rows_peak.append(peak_dbfs(w))
        rows_rms.append(rms_db(w))
        rows_bg.append(bg)
        wins.append(w)

    t0 = time.time()
    total = len(clips)
    embeddings = []
    for ci, (clip, y) in enumerate(zip(clips, audio)):
        for s, e in app_windows(len(y)):
            add(ci, 0, s, padded(y, s, e))
        others = [b for b in backgrounds if b[1] is not y]  # never mix a clip with itself
        for _ in range(views_per_clip):
            w, bg = aug_view(y, clip.label, rng, others)
            add(ci, 1, -1, w, bg)
        if len(wins) >= 256 or ci == total - 1:
            embeddings.append(embed(np.stack(wins)))
            wins.clear()
            done = ci + 1
            rate = done / (time.time() - t0)
            log(f"embeddings: {done}/{total} clips, {sum(len(x) for x in embeddings)} windows, "
                f"{(total - done) / rate:.0f} s left")
    # Synthetic "other" sounds train the model but are never evaluated (index -1 - i).
    for i, (_, y) in enumerate(synth):
        for s, e in app_windows(len(y)):
            add(-1 - i, 0, s, padded(y, s, e))
    if wins:
        embeddings.append(embed(np.stack(wins)))
    out = {
        "emb": np.concatenate(embeddings).astype(np.float32),
        "clip": np.array(rows_clip, np.int32), "kind": np.array(rows_kind, np.int8),
        "start": np.array(rows_start, np.int64), "peak_dbfs": np.array(rows_peak, np.float32),
        "rms_db": np.array(rows_rms, np.float32), "bg_source": np.array(rows_bg, dtype="U32"),
        "clip_len": np.array([len(a) for a in audio], np.int64),
    }
    np.savez(cached, **out)
    log(f"embeddings: {len(out['emb'])} windows in {time.time() - t0:.0f} s -> {cached}")
    return out
