"""The training material: ESC-50 (folds 1-4) and the Kaggle cats-and-dogs train split.

Clips are grouped into the four ESC-50 folds; Kaggle clips follow their `overlap_group` (a group never
straddles folds), and Kaggle clips cut from the same recording as an ESC-50 clip follow that clip's fold
(pairs listed in ../shared/data/cats-dogs/README.md). So a validation fold never hears a recording the
model trained on.
"""
import csv
import os
import zlib
from dataclasses import dataclass
from pathlib import Path

import librosa
import numpy as np

from features import SR

ESC10 = ["dog", "rooster", "rain", "sea_waves", "crackling_fire", "crying_baby", "sneezing", "clock_tick",
         "helicopter", "chainsaw"]
CLASSES = ESC10 + ["cat", "other"]

# Kaggle clip -> ESC-50 fold of the ESC clip that shares its recording (cats-dogs README).
SHARED_RECORDINGS = {
    "dog_barking_14": 3, "dog_barking_15": 3, "dog_barking_99": 2, "dog_barking_105": 1,
    "dog_barking_90": 1, "dog_barking_91": 1, "dog_barking_23": 4, "cat_10": 4,
}


@dataclass
class Clip:
    path: Path
    label: str
    fold: int
    source: str  # "esc50", "kaggle" or "synthetic"
    category: str


def data_root() -> Path:
    env = os.environ.get("SONICSIGHT_DATA")
    if env:
        return Path(env)
    return (Path(__file__).resolve().parent.parent.parent / "shared" / "data")


def esc_label(category: str) -> str:
    if category in ESC10:
        return category
    if category == "cat":
        return "cat"
    return "other"


def load_index(root: Path | None = None) -> list[Clip]:
    root = root or data_root()
    clips: list[Clip] = []
    with open(root / "esc50" / "meta" / "esc50.csv", newline="") as f:
        for row in csv.DictReader(f):
            path = root / "esc50" / "audio" / row["filename"].replace(".wav", ".flac")
            clips.append(Clip(path, esc_label(row["category"]), int(row["fold"]), "esc50", row["category"]))
    groups: dict[str, int] = {}
    rows = []
    with open(root / "cats-dogs" / "train.csv", newline="") as f:
        for row in csv.DictReader(f):
            rows.append(row)
            stem = Path(row["path"]).stem
            if stem in SHARED_RECORDINGS:
                groups[row["overlap_group"]] = SHARED_RECORDINGS[stem]
    for row in rows:
        group = row["overlap_group"]
        fold = groups.get(group)
        if fold is None:
            fold = zlib.crc32(group.encode()) % 4 + 1
        clips.append(Clip(root / "cats-dogs" / row["path"], row["label"], fold, "kaggle", row["label"]))
    return clips


def load_audio(path: Path) -> np.ndarray:
    y, _ = librosa.load(path, sr=SR, mono=True)
    return y.astype(np.float32)


def trim_digital_silence(y: np.ndarray, threshold: float = 1e-4) -> np.ndarray:
    """Drops leading/trailing near-zero samples (ESC-50 pads short excerpts with zeros)."""
    idx = np.flatnonzero(np.abs(y) > threshold)
    if idx.size == 0:
        return y[:0]
    return y[idx[0]: idx[-1] + 1]


def synthetic_others(seed: int, count: int = 48) -> list[tuple[str, np.ndarray]]:
    """Sounds that are neither dog nor cat and that ESC-50 lacks: noise, tones, sweeps, clicks, hum."""
    rng = np.random.default_rng(seed)
    n = 5 * SR
    t = np.arange(n) / SR
    out = []
    for i in range(count):
        kind = i % 6
        if kind == 0:
            y = rng.normal(0, 1, n)
        elif kind == 1:  # pink-ish noise
            w = rng.normal(0, 1, n)
            y = np.cumsum(w) - np.convolve(np.cumsum(w), np.ones(200) / 200, mode="same")
        elif kind == 2:
            f = rng.uniform(80, 6000)
            y = np.sin(2 * np.pi * f * t) + 0.01 * rng.normal(0, 1, n)
        elif kind == 3:
            f0, f1 = rng.uniform(100, 8000, 2)
            y = np.sin(2 * np.pi * (f0 * t + (f1 - f0) * t * t / 10))
        elif kind == 4:
            y = np.zeros(n)
            for pos in rng.integers(0, n - 100, rng.integers(3, 30)):
                y[pos: pos + 50] += rng.normal(0, 1, 50)
            y += 0.001 * rng.normal(0, 1, n)
        else:  # mains hum with harmonics
            f = rng.choice([50.0, 60.0])
            y = sum(np.sin(2 * np.pi * f * k * t) / k for k in range(1, 8)) + 0.01 * rng.normal(0, 1, n)
        y = y / (np.max(np.abs(y)) + 1e-9) * rng.uniform(0.01, 0.9)
        out.append((f"synthetic_{i}_{kind}", y.astype(np.float32)))
    return out
