"""The training material: every set in ../shared/data, indexed with its source and recording group.

Sources (see ../shared/data/*/README.md): ESC-50 folds 1-4, the Kaggle cats-and-dogs train split, and six sets
in more/ (CatMeows, a cat-emotion set, UrbanSound8K dogs and city sounds, an animal-sound set, a dog-app's sounds,
short barks). Each clip carries:
  * `source`: the set it came from; leave-one-source-out evaluation holds out one whole source;
  * `group`: the recording, animal or video it came from; a group never straddles CV folds;
  * `fold`: 1-4 for grouped cross-validation. ESC-10 clips keep their ESC-50 fold; the other 40 ESC-50
    categories are re-folded by source recording; Kaggle clips follow their `overlap_group` and, where a Kaggle
    clip was cut from the same recording as an ESC-50 clip, that clip's fold.
"""
import csv
import os
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf

SR = 22050
ESC10 = ["dog", "rooster", "rain", "sea_waves", "crackling_fire", "crying_baby", "sneezing", "clock_tick",
         "helicopter", "chainsaw"]
CLASSES = ESC10 + ["cat", "other"]
MORE_SETS = ["catmeows", "catsound_naya", "urbansound8k_partial", "animal_sound_dataset", "android_dog_sounds",
             "dogspeak_sample"]
# Sets whose licence is unknown (more/README.md): used to train and to test across sources, never copied.
UNKNOWN_LICENCE = {"catsound_naya", "animal_sound_dataset", "android_dog_sounds", "dogspeak_sample"}

# Kaggle clip -> ESC-50 fold of the ESC clip that shares its recording (cats-dogs README).
SHARED_RECORDINGS = {
    "dog_barking_14": 3, "dog_barking_15": 3, "dog_barking_99": 2, "dog_barking_105": 1,
    "dog_barking_90": 1, "dog_barking_91": 1, "dog_barking_23": 4,
}
# cat_10 shares its recording with ESC-50 4-120160-A-5, whose fold is computed from its source file.
SHARED_WITH_ESC_OTHER = {"cat_10": "120160"}


@dataclass
class Clip:
    path: Path
    label: str
    fold: int
    source: str
    group: str
    category: str


def data_root() -> Path:
    env = os.environ.get("SONICSIGHT_DATA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def fold_of(key: str) -> int:
    return zlib.crc32(key.encode()) % 4 + 1


def esc_label(category: str) -> str:
    if category in ESC10 or category == "cat":
        return category
    return "other"


def load_index(root: Path | None = None, sources: set[str] | None = None) -> list[Clip]:
    root = root or data_root()
    clips: list[Clip] = []
    with open(root / "esc50" / "meta" / "esc50.csv", newline="") as f:
        for row in csv.DictReader(f):
            path = root / "esc50" / "audio" / row["filename"].replace(".wav", ".flac")
            fold = int(row["fold"])
            if row["esc10"] != "True":
                # Only fold 4 (and a few fold-2 clips) of the 40 non-ESC-10 categories are here: re-fold them by
                # source recording (takes A/B/C of one recording stay together).
                fold = fold_of(row["src_file"])
            clips.append(Clip(path, esc_label(row["category"]), fold, "esc50", "fs:" + row["src_file"],
                              row["category"]))
    groups: dict[str, int] = {}
    rows = []
    with open(root / "cats-dogs" / "train.csv", newline="") as f:
        for row in csv.DictReader(f):
            rows.append(row)
            stem = Path(row["path"]).stem
            if stem in SHARED_RECORDINGS:
                groups[row["overlap_group"]] = SHARED_RECORDINGS[stem]
            elif stem in SHARED_WITH_ESC_OTHER:
                groups[row["overlap_group"]] = fold_of(SHARED_WITH_ESC_OTHER[stem])
    for row in rows:
        group = row["overlap_group"]
        fold = groups.get(group) or fold_of(group)
        clips.append(Clip(root / "cats-dogs" / row["path"], row["label"], fold, "kaggle", "kaggle:" + group,
                          row["label"]))
    for name in MORE_SETS:
        labels = root / "more" / name / "labels.csv"
        if not labels.exists():
            continue
        with open(labels, newline="") as f:
            for row in csv.DictReader(f):
                category = row["source_id"].split("class=")[-1].split("|")[0] if "class=" in row["source_id"] \
                    else row["label"]
                clips.append(Clip(root / "more" / name / row["path"], row["label"], fold_of(row["group"]), name,
                                  row["group"], category))
    if sources is not None:
        clips = [c for c in clips if c.source in sources]
    return clips


def load_audio(path: Path) -> np.ndarray:
    """Mono float32 at 22050 Hz (the app's analysis rate), as the Java app reads it."""
    y, sr = sf.read(path, dtype="float32", always_2d=True)
    y = y.mean(axis=1)
    if sr != SR:
        import soxr
        y = soxr.resample(y, sr, SR, quality="HQ")
    return np.ascontiguousarray(y, dtype=np.float32)


def trim_digital_silence(y: np.ndarray, threshold: float = 1e-4) -> np.ndarray:
    """Drops leading/trailing near-zero samples (ESC-50 pads short excerpts with zeros)."""
    idx = np.flatnonzero(np.abs(y) > threshold)
    if idx.size == 0:
        return y[:0]
    return y[idx[0]: idx[-1] + 1]


def synthetic_others(seed: int, count: int = 48) -> list[tuple[str, np.ndarray]]:
    """Sounds that are neither dog nor cat and that the sets lack: noise, tones, sweeps, clicks, hum."""
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
