"""Writes src/test/resources/golden/onnx_probs.json: the shipped model's probabilities, from ONNX Runtime in
Python, for three fixtures at the model's rate, for the window the app decides by (all windows as
OnnxClassifier.windows cuts them, the most confident named class among non-silent windows). The Java test checks
its classifier gives the same within 1e-3.

    python training/golden.py
"""
import json
import sys
from pathlib import Path

import numpy as np
import onnxruntime as ort
import soundfile as sf

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from data import data_root  # noqa: E402
from embed import SILENCE_DBFS, app_windows  # noqa: E402

FIXTURES = ["dog_bark_esc50_22050hz_mono.wav", "cat_meow_esc50_22050hz_mono.wav", "rain_esc50_22050hz_mono.wav"]


def main() -> int:
    model_dir = REPO / "src" / "main" / "resources" / "org" / "sonicsight" / "model"
    labels = json.loads((model_dir / "labels.json").read_text())
    sess = ort.InferenceSession(str(model_dir / "sonicsight.onnx"), providers=["CPUExecutionProvider"])
    out = {"model_version": labels["model_version"], "classes": labels["classes"], "files": {}}
    window = labels["window_samples"]
    other = labels["classes"].index("other")
    for name in FIXTURES:
        y, sr = sf.read(data_root() / "fixtures" / name, dtype="int16")
        assert sr == labels["sample_rate"] and y.ndim == 1
        y = y.astype(np.float32) / 32768.0
        spans = app_windows(len(y), window)
        x = np.zeros((len(spans), window), np.float32)
        for i, (s, e) in enumerate(spans):
            x[i, : e - s] = y[s:e]
        probs = sess.run([labels["output"]], {labels["input"]: x})[0]
        loud = np.array([20 * np.log10(max(np.abs(w).max(), 1e-10)) >= SILENCE_DBFS for w in x])
        named = np.where(loud, np.delete(probs, other, axis=1).max(axis=1), -1)
        best = probs[int(np.argmax(named))]
        out["files"][name] = {"probs": [round(float(p), 7) for p in best]}
        print(name, labels["classes"][int(np.argmax(best))], f"{best.max():.3f}")
    target = REPO / "src" / "test" / "resources" / "golden" / "onnx_probs.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(out, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
