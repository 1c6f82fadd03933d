"""Gradio app the Java client's conformance suite talks to (runs unchanged on Gradio 5.x and 6.x).

Endpoints: audio in -> Label (/classify), the original Space's four outputs (/predict_audio),
image in -> Label (/describe_image), gr.Error (/fail), a plain exception (/crash), a slow job
with gr.Progress (/slow), a generator (/count), gr.State (/remember), and an undocumented one.
Start: python fixture_app.py --port N  (GRADIO_ANALYTICS_ENABLED=False).
"""
import base64
import io
import os
import sys
import tempfile
import time
import wave

import gradio as gr
from PIL import Image

VERSION = tuple(int(x) for x in gr.__version__.split(".")[:2])


def wav_seconds(path):
    with wave.open(path, "rb") as w:
        return w.getnframes() / float(w.getframerate())


def classify(file):
    """Audio in -> Label. Short clips are 'cat', longer ones 'dog': a deterministic answer the test can check."""
    if file is None:
        raise gr.Error("no audio received")
    cat = 0.9 if wav_seconds(file) < 1.0 else 0.2
    return {"cat": cat, "dog": round(1 - cat - 0.05, 3), "other": 0.05}


def spectro_like(file):
    """Same four outputs as khoaHyh/cat-meow-vs-dog-bork: image, prediction, confidence, base64 PNG."""
    secs = wav_seconds(file)
    img = Image.new("RGB", (64, 32), (30, 90, 160))
    out = os.path.join(tempfile.mkdtemp(), "spec.png")
    img.save(out)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    label = "cat" if secs < 1.0 else "dog"
    return out, label, 0.93, base64.b64encode(buf.getvalue()).decode()


def describe_image(img_path):
    """Image in -> Label: 'wide' or 'tall' by aspect ratio, confidence from the mean brightness."""
    with Image.open(img_path) as im:
        w, h = im.size
        mean = sum(im.convert("L").getdata()) / float(w * h) / 255.0
    top = "wide" if w >= h else "tall"
    other = "tall" if top == "wide" else "wide"
    conf = round(0.5 + mean / 2, 4)
    return {top: conf, other: round(1 - conf, 4)}


def fail(text):
    kw = {"title": "Oops"} if VERSION >= (5, 2) else {}
    raise gr.Error(f"bad input: {text}", **kw)


def crash(text):
    raise RuntimeError("hidden unless show_error=True")


def count(n):
    s = ""
    for i in range(int(n)):
        s += str(i)
        time.sleep(0.1)
        yield s


def slow(seconds, progress=gr.Progress()):
    steps = max(1, int(float(seconds) * 10))
    for i in progress.tqdm(range(steps), desc="working"):
        time.sleep(0.1)
    return "done"


def remember(text, hist):
    hist = (hist or []) + [text]
    return ", ".join(hist), hist


def hidden(text):
    return text.upper()


def visibility(kind):
    if VERSION >= (6, 0):
        return {"api_visibility": kind}
    return {"show_api": kind == "public"}


with gr.Blocks() as demo:
    a = gr.Audio(type="filepath", label="audio")
    lab = gr.Label(label="label")
    gr.Button("c").click(classify, a, lab, api_name="classify")
    gr.Button("p").click(spectro_like, a, [gr.Image(type="filepath"), gr.Textbox(), gr.Number(), gr.Textbox()],
                         api_name="predict_audio")
    i = gr.Image(type="filepath", label="image")
    il = gr.Label(num_top_classes=2)
    gr.Button("d").click(describe_image, i, il, api_name="describe_image")
    x = gr.Textbox(label="text")
    y = gr.Textbox()
    gr.Button("f").click(fail, x, y, api_name="fail")
    gr.Button("k").click(crash, x, y, api_name="crash")
    n = gr.Number(value=5, label="n")
    gr.Button("g").click(count, n, y, api_name="count")
    s = gr.Number(value=20, label="seconds")
    gr.Button("s").click(slow, s, y, api_name="slow")
    st = gr.State([])
    gr.Button("r").click(remember, [x, st], [y, st], api_name="remember")
    gr.Button("h").click(hidden, x, y, api_name="hidden", **visibility("undocumented"))

if __name__ == "__main__":
    port = int(sys.argv[sys.argv.index("--port") + 1]) if "--port" in sys.argv else 7861
    demo.queue(max_size=int(os.getenv("FIXTURE_MAX_QUEUE", "0")) or None)
    demo.launch(server_name="127.0.0.1", server_port=port, show_error=os.getenv("FIXTURE_SHOW_ERROR") == "1")
