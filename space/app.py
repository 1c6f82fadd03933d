"""SonicSight Space: the embedded ONNX model behind a Gradio app.

Two endpoints:
  /predict_audio(file) -> (spectrogram image, prediction, confidence, spectrogram PNG as base64)
      the original khoaHyh/cat-meow-vs-dog-bork contract, so old clients keep working;
  /classify(file) -> Label with the top classes.

The model takes windows of mono audio at 22050 Hz ("samples" float32 [batch, window_samples]
from labels.json: 3.0 s, 66150, for the BirdNET-based model) and does everything else inside
the graph (resampling, spectrograms, embedding, head); it outputs softmax "probs"
[batch, n_classes]. Clips are windowed exactly as the Java classifier does (OnnxClassifier):
shorter clips are zero-padded, longer ones cut into windows with 50% overlap (the last one flush with the
end), near-silent windows are ignored, and the window whose best class other than "other" is
most confident decides.

Model location: $SONICSIGHT_MODEL (path to sonicsight.onnx; labels.json beside it), else
space/model/ (filled by `make -C space model` for deployment), else the copy in the Java
resources of this repository.
"""
import atexit
import base64
import io
import json
import os
import shutil
import sys
import tempfile
import time

import gradio as gr
import librosa
import librosa.display
import numpy as np
import onnxruntime as ort
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

HERE = os.path.dirname(os.path.abspath(__file__))
CANDIDATES = [
    os.path.join(HERE, "model", "sonicsight.onnx"),
    os.path.join(HERE, "..", "src", "main", "resources", "org", "sonicsight", "model", "sonicsight.onnx"),
]
SILENCE_DBFS = -70.0  # same as OnnxClassifier.SILENCE_DBFS
N_FFT, HOP, N_MELS = 2048, 512, 128  # the app's spectrogram image, as SpectrogramConfig.DEFAULT


def model_path():
    env = os.environ.get("SONICSIGHT_MODEL")
    if env:
        return env
    for c in CANDIDATES:
        if os.path.exists(c):
            return os.path.normpath(c)
    raise FileNotFoundError("No model: set SONICSIGHT_MODEL or run `make -C space model` first.")


class Model:
    def __init__(self, path):
        with open(os.path.join(os.path.dirname(path), "labels.json"), encoding="utf-8") as f:
            info = json.load(f)
        self.sr = int(info["sample_rate"])
        self.window = int(info["window_samples"])
        self.classes = list(info["classes"])
        self.threshold = float(info.get("verdict_threshold", 0.5))
        self.input = info.get("input", "samples")
        self.output = info.get("output", "probs")
        self.version = info.get("model_version", "unknown")
        self.other = self.classes.index("other") if "other" in self.classes else -1
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = int(os.environ.get("SONICSIGHT_THREADS", "2"))
        opts.inter_op_num_threads = 1
        self.session = ort.InferenceSession(path, opts, providers=["CPUExecutionProvider"])

    def spans(self, n):
        if n <= self.window:
            return [(0, n)]
        hop = self.window // 2
        out, start = [], 0
        while start + self.window < n:
            out.append((start, start + self.window))
            start += hop
        out.append((n - self.window, n))
        return out

    def classify(self, y):
        """Returns (probabilities of the deciding window as a list, (start_s, end_s), all_silent)."""
        spans = self.spans(len(y))
        batch = np.zeros((len(spans), self.window), dtype=np.float32)
        silent = []
        for i, (a, b) in enumerate(spans):
            batch[i, : b - a] = y[a:b]
            peak = float(np.max(np.abs(y[a:b]))) if b > a else 0.0
            silent.append(peak <= 0 or 20 * np.log10(peak) < SILENCE_DBFS)
        probs = np.concatenate([self.session.run([self.output], {self.input: batch[i:i + 8]})[0]
                                for i in range(0, len(spans), 8)])
        all_silent = all(silent)
        best, best_score = 0, -1.0
        for w in range(len(spans)):
            if silent[w] and not all_silent:
                continue
            row = probs[w]
            score = max((float(row[c]) for c in range(len(row)) if c != self.other), default=0.0)
            if score > best_score:
                best, best_score = w, score
        a, b = spans[best]
        return probs[best].astype(float).tolist(), (a / self.sr, b / self.sr), all_silent


MODEL = Model(model_path())


def load(file):
    if file is None:
        raise gr.Error("No audio received: upload or record a sound first.")
    try:
        y, _ = librosa.load(file, sr=MODEL.sr, mono=True)
    except Exception as e:  # noqa: BLE001 - any decoder failure is the user's file
        raise gr.Error(f"Could not read that audio file ({type(e).__name__}).")
    if y.size == 0:
        raise gr.Error("The recording is empty.")
    return y.astype(np.float32)


def scores(y):
    probs, _, all_silent = MODEL.classify(y)
    if all_silent:
        return {c: (1.0 if c == "other" else 0.0) for c in MODEL.classes}
    return {c: p for c, p in zip(MODEL.classes, probs)}


def spectrogram_png(y):
    """librosa log-mel (power, ref=max) drawn with specshow in magma, as the original Space did."""
    mel = librosa.feature.melspectrogram(y=y, sr=MODEL.sr, n_fft=N_FFT, hop_length=HOP, n_mels=N_MELS)
    db = librosa.power_to_db(mel, ref=np.max)
    fig = Figure(figsize=(8, 3.2), dpi=100)  # no pyplot: Gradio calls us from several threads
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    img = librosa.display.specshow(db, sr=MODEL.sr, hop_length=HOP, x_axis="time", y_axis="mel", cmap="magma", ax=ax)
    fig.colorbar(img, ax=ax, format="%+2.0f dB")
    ax.set_title("Mel spectrogram")
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def classify(file):
    """Top classes of the sound in `file`."""
    return scores(load(file))


# One folder per process for the spectrogram files Gradio copies into its own cache after each call:
# a folder per call (mkdtemp each time) was never removed. Files older than a minute have been copied
# long ago and are pruned on the next call; the folder goes when the process exits.
_SPECTROGRAM_DIR = tempfile.mkdtemp(prefix="sonicsight-")
atexit.register(shutil.rmtree, _SPECTROGRAM_DIR, ignore_errors=True)
_KEEP_SECONDS = 60


def _spectrogram_file(png):
    now = time.time()
    for name in os.listdir(_SPECTROGRAM_DIR):
        path = os.path.join(_SPECTROGRAM_DIR, name)
        try:
            if now - os.path.getmtime(path) > _KEEP_SECONDS:
                shutil.rmtree(path)
        except OSError:
            pass  # another request removed it first
    # A folder per call keeps the name clients have always seen ("spectrogram.png").
    path = os.path.join(tempfile.mkdtemp(dir=_SPECTROGRAM_DIR), "spectrogram.png")
    with open(path, "wb") as f:
        f.write(png)
    return path


def predict_audio(file):
    """The original API: (spectrogram image path, prediction, confidence, spectrogram PNG base64)."""
    y = load(file)
    s = scores(y)
    label = max(s, key=s.get)
    png = spectrogram_png(y)
    path = _spectrogram_file(png)
    return path, label, round(float(s[label]), 6), base64.b64encode(png).decode("ascii")


with gr.Blocks(title="SonicSight: dog, cat or something else?") as demo:
    gr.Markdown("# SonicSight\nRecord or upload a sound: is it a dog, a cat, or something else?")
    with gr.Row():
        with gr.Column():
            audio = gr.Audio(type="filepath", label="Sound", sources=["upload", "microphone"])
            go = gr.Button("Identify", variant="primary")
        with gr.Column():
            top = gr.Label(num_top_classes=5, label="Top classes")
            spec = gr.Image(type="filepath", label="Spectrogram")
            prediction = gr.Textbox(label="Prediction", visible=False)
            confidence = gr.Number(label="Confidence", visible=False)
            b64 = gr.Textbox(label="Spectrogram (base64)", visible=False)
    go.click(classify, audio, top, api_name="classify")
    go.click(predict_audio, audio, [spec, prediction, confidence, b64], api_name="predict_audio")

if __name__ == "__main__":
    port = int(sys.argv[sys.argv.index("--port") + 1]) if "--port" in sys.argv else int(os.environ.get("PORT", 7860))
    host = os.environ.get("GRADIO_SERVER_NAME", "127.0.0.1")
    demo.queue().launch(server_name=host, server_port=port)
