"""Writes src/test/resources/golden/onnx_probs.json: the shipped model's probabilities, from ONNX Runtime in
Python, for three fixtures at the model's rate. The Java test checks its classifier gives the same within 1e-3.

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

FIXTURES = ["dog_bark_esc50_22050hz_mono.wav", "cat_meow_esc50_22050hz_mono.wav", "rain_esc50_22050hz_mono.wav"]


def main() -> int:
    model_dir = REPO / "src" / "main" / "resources" / "org" / "sonicsight" / "model"
    labels = json.loads((model_dir / "labels.json").read_text())
    sess = ort.InferenceSession(str(model_dir / "sonicsight.onnx"), providers=["CPUExecutionProvider"])
    out = {"model_version": labels["model_version"], "classes": labels["classes"], "files": {}}
    for name in FIXTURES:
        y, sr = sf.read(data_root() / "fixtures" / name, dtype="int16")
        assert sr == labels["sample_rate"] and y.ndim == 1
        x = np.zeros((1, labels["window_samples"]), np.float32)
        n = min(len(y), x.shape[1])
        x[0, :n] = y[:n].astype(np.float32) / 32768.0
        probs = sess.run([labels["output"]], {labels["input"]: x})[0][0]
        out["files"][name] = {"probs": [round(float(p), 7) for p in probs]}
        print(name, labels["classes"][int(np.argmax(probs))], f"{probs.max():.3f}")
    target = REPO / "src" / "test" / "resources" / "golden" / "onnx_probs.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(out, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
