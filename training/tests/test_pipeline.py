"""Checks of the training pipeline that run in CI (fast: no training)."""
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import birdnet_backbone  # noqa: E402
import data  # noqa: E402
import embed  # noqa: E402
import head  # noqa: E402

REPO = Path(__file__).resolve().parents[2]


def test_in_graph_resampler_matches_a_reference_resampler():
    """The graph's 22050 -> 48000 Hz Conv interpolator agrees with soxr on a real clip (away from the edges)."""
    import soxr
    y = data.load_audio(data.data_root() / "fixtures" / "dog_bark_esc50_22050hz_mono.wav")[: embed.WINDOW]
    ours = birdnet_backbone.resample_numpy(y[None])[0]
    ref = soxr.resample(y, 22050, 48000, quality="VHQ")
    assert ours.shape == (144000,)
    inner = slice(2000, 142000)
    err = np.abs(ours[inner] - ref[inner][: 140000])
    assert err.max() < 0.01 * np.abs(ref).max(), err.max()




def test_app_windows_match_the_java_classifier():
    # OnnxClassifier.windows(): one padded window for short clips, else 50% overlap, the last flush with the end.
    w = embed.WINDOW
    assert embed.app_windows(100) == [(0, 100)]
    assert embed.app_windows(w) == [(0, w)]
    spans = embed.app_windows(5 * data.SR)
    assert spans == [(0, w), (w // 2, w // 2 + w), (5 * data.SR - w, 5 * data.SR)]


def test_folds_never_split_a_recording():
    clips = data.load_index()
    folds_of_group = defaultdict(set)
    for c in clips:
        folds_of_group[c.group].add(c.fold)
    assert all(len(f) == 1 for f in folds_of_group.values()), "a recording group straddles folds"
    by_name = {c.path.stem: c for c in clips}
    assert by_name["cat_10"].fold == by_name["4-120160-A-5"].fold
    assert by_name["dog_barking_105"].fold == 1


def test_every_source_and_class_is_indexed():
    clips = data.load_index()
    assert {c.label for c in clips} == set(data.CLASSES)
    sources = {c.source for c in clips}
    assert {"esc50", "kaggle"} <= sources
    assert len([c for c in clips if c.source == "esc50"]) == 651
    assert len([c for c in clips if c.source == "kaggle"]) == 179


def test_trimming_removes_zero_padding_only():
    y = np.concatenate([np.zeros(100), np.ones(50) * 0.5, np.zeros(1000)]).astype(np.float32)
    t = data.trim_digital_silence(y)
    assert t.size == 50 and np.all(t == 0.5)
    assert data.trim_digital_silence(np.zeros(10, np.float32)).size == 0


def test_augmented_views_are_window_sized_and_keep_the_loud_part():
    rng = np.random.default_rng(0)
    y = np.zeros(10 * data.SR, np.float32)
    y[7 * data.SR: 7 * data.SR + 2000] = 0.5  # a short "bark" late in a long clip
    for _ in range(10):
        v, _ = embed.aug_view(y, "dog", rng, [])
        assert v.shape == (embed.WINDOW,)
        assert np.abs(v).max() > 0, "the crop missed the only sound in the clip"


def test_head_folding_keeps_the_logits():
    rng = np.random.default_rng(2)
    x = rng.normal(3, 2, (64, 16)).astype(np.float32)
    y = rng.integers(0, 3, 64)
    net = head.train(x, y, np.ones(64), 3, seed=0, hidden=8, epochs=2, batch=16)
    w1, b1, w2, b2 = net.folded()
    folded = np.maximum(x @ w1 + b1, 0) @ w2 + b2
    assert np.allclose(folded, net.logits(x), atol=1e-3)


def test_shipped_labels_describe_the_shipped_model():
    import onnxruntime as ort
    model_dir = REPO / "src" / "main" / "resources" / "org" / "sonicsight" / "model"
    labels = json.loads((model_dir / "labels.json").read_text())
    sess = ort.InferenceSession(str(model_dir / "sonicsight.onnx"), providers=["CPUExecutionProvider"])
    x = np.zeros((2, labels["window_samples"]), np.float32)
    probs = sess.run([labels["output"]], {labels["input"]: x})[0]
    assert probs.shape == (2, len(labels["classes"]))
    assert np.allclose(probs.sum(axis=1), 1, atol=1e-4)
    assert 0.5 <= labels["verdict_threshold"] < 1


@pytest.mark.parametrize("name,verdict", [("dog_bark_esc50_22050hz_mono.wav", "dog"),
                                          ("cat_meow_esc50_22050hz_mono.wav", "cat")])
def test_shipped_model_names_the_fixtures(name, verdict):
    import onnxruntime as ort
    model_dir = REPO / "src" / "main" / "resources" / "org" / "sonicsight" / "model"
    labels = json.loads((model_dir / "labels.json").read_text())
    sess = ort.InferenceSession(str(model_dir / "sonicsight.onnx"), providers=["CPUExecutionProvider"])
    y = data.load_audio(data.data_root() / "fixtures" / name)
    w = labels["window_samples"]
    wins = np.stack([np.pad(y[s:e], (0, w - (e - s))) for s, e in embed.app_windows(len(y), w)])
    probs = sess.run(["probs"], {"samples": wins})[0]
    best = probs[np.argmax(np.delete(probs, labels["classes"].index("other"), axis=1).max(axis=1))]
    assert labels["classes"][int(np.argmax(best))] == verdict
