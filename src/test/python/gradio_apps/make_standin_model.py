"""Writes a tiny stand-in for the SonicSight model, for developing the Space before the real one exists.

Same contract as the real model: input "samples" float32 [N, 110250] (5 s at 22050 Hz), output "probs"
[N, 12] softmax, plus a labels.json. The scores are a fixed random projection of the samples: they depend
on the sound, so two clients asking about the same file must get the same answer, but they mean nothing.
Usage: python make_standin_model.py OUT_DIR
"""
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

WINDOW = 110250
CLASSES = ["dog", "cat", "other", "rooster", "rain", "bird", "crow", "cow", "pig", "sheep", "frog", "insects"]


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    rng = np.random.default_rng(7)
    w = (rng.standard_normal((WINDOW, len(CLASSES))) * 0.05).astype(np.float32)
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["samples", "w"], ["logits"]),
         helper.make_node("Softmax", ["logits"], ["probs"], axis=1)],
        "sonicsight_standin",
        [helper.make_tensor_value_info("samples", TensorProto.FLOAT, ["N", WINDOW])],
        [helper.make_tensor_value_info("probs", TensorProto.FLOAT, ["N", len(CLASSES)])],
        [numpy_helper.from_array(w, "w")],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(out_dir, "sonicsight.onnx"))
    with open(os.path.join(out_dir, "labels.json"), "w", encoding="utf-8") as f:
        json.dump({"sample_rate": 22050, "window_samples": WINDOW, "classes": CLASSES, "verdict_threshold": 0.5,
                   "model_version": "standin", "input": "samples", "output": "probs"}, f)


if __name__ == "__main__":
    main(sys.argv[1])
