"""Checks of the training pipeline that run in CI (fast: no training)."""
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import data  # noqa: E402
from features import MelPower, librosa_db, power_to_db  # noqa: E402


@pytest.mark.parametrize("name", ["dog_bark_esc50_22050hz_mono.wav", "cat_meow_kaggle_16000hz_mono.wav"])
def test_in_graph_front_end_equals_librosa(name):
    y = data.load_audio(data.data_root() / "fixtures" / name)
    ours = power_to_db(MelPower()(torch.from_numpy(y)[None]))[0].numpy()
    ref = librosa_db(y)
    assert ours.shape == ref.shape
    assert np.abs(ours - ref).max() < 0.01


def test_folds_never_split_a_recording():
    clips = data.load_index()
    assert len([c for c in clips if c.source == "esc50"]) == 651
    assert len([c for c in clips if c.source == "kaggle"]) == 179
    import csv
    with open(data.data_root() / "cats-dogs" / "train.csv", newline="") as f:
        group_of = {Path(r["path"]).name: r["overlap_group"] for r in csv.DictReader(f)}
    folds_of_group = {}
    for c in clips:
        if c.source == "kaggle":
            folds_of_group.setdefault(group_of[c.path.name], set()).add(c.fold)
    assert all(len(f) == 1 for f in folds_of_group.values()), "an overlap group straddles folds"
    by_name = {c.path.stem: c for c in clips}
    assert by_name["cat_10"].fold == by_name["4-120160-A-5"].fold == 4
    assert by_name["dog_barking_105"].fold == 1


def test_labels_cover_the_classes():
    clips = data.load_index()
    labels = {c.label for c in clips}
    assert labels == set(data.CLASSES)
    assert sum(1 for c in clips if c.label == "cat") == 8 + 115


def test_trimming_removes_zero_padding_only():
    y = np.concatenate([np.zeros(100), np.ones(50) * 0.5, np.zeros(1000)]).astype(np.float32)
    t = data.trim_digital_silence(y)
    assert t.size == 50 and np.all(t == 0.5)
    assert data.trim_digital_silence(np.zeros(10, np.float32)).size == 0
