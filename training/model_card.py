"""Writes training/MODEL_CARD.md from the metrics of a full training run."""
from pathlib import Path


def pct(x):
    return "n/a" if x is None else f"{100 * x:.1f}%"


def write(m: dict, path: Path) -> None:
    cv = m.get("cv")
    lines = [
        "# Model card: SonicSight sound classifier",
        "",
        f"Version `{m['model_version']}`, written by `training/train.py` (seed {m['seed']}). "
        "Do not edit by hand: rerun the pipeline.",
        "",
        "## What it does",
        "",
        "Takes 5.0 s of mono audio at 22050 Hz (110250 samples; the app zero-pads shorter clips and slides "
        "5 s windows with 50% overlap over longer ones) and returns probabilities for 12 classes: the ten "
        "ESC-10 categories (dog, rooster, rain, sea waves, crackling fire, crying baby, sneezing, clock tick, "
        "helicopter, chainsaw), cat, and *other* (everything else). The app derives a verdict — dog, cat or "
        f"other — and says \"not sure\" when the top probability is below **{m['verdict_threshold']:.2f}**.",
        "",
        "The log-mel spectrogram is computed inside the ONNX graph (STFT n_fft 2048, hop 512, periodic Hann, "
        "centred with zero padding; 128 Slaney mel bands; power_to_db with ref=max, top_db 80) — the original "
        "model's settings. So the Java app, the Gradio Space and the training code feed the same samples and "
        "cannot disagree about features. In the export check the graph's front end matched librosa within "
        f"{m['export']['frontend_vs_librosa_max_db']:.4f} dB and ONNX Runtime matched PyTorch within "
        f"{m['export']['onnx_vs_torch_max_abs']:.1e}.",
        "",
        "## Data",
        "",
        "| source | clips | licence |",
        "|---|---:|---|",
        "| ESC-50 folds 1-4 (651 of 1600 clips available here; 22.05 kHz, 5 s) | 651 | CC BY-NC 3.0 (collection); "
        "ESC-10 subset CC BY 3.0; per-clip Freesound licences |",
        "| Kaggle \"Audio Cats and Dogs\" (Marc Moreaux), train split: 115 cat, 64 dog, 1-18 s | 179 | CC BY-SA 3.0 |",
        "| synthetic \"other\": noise, tones, sweeps, clicks, hum (generated) | 48 | — |",
        "",
        "Clips per class: " + ", ".join(f"{k} {v}" for k, v in m["counts"].items()) + ".",
        "",
        "**Licence of the model.** It is trained on ESC-50, whose collection licence is CC BY-NC 3.0 "
        "(non-commercial). Treat the shipped weights as a derivative for **non-commercial use only**; for "
        "commercial use, retrain without the NC material (e.g. ESC-10 + Kaggle only, with the pipeline's "
        "`SONICSIGHT_DATA` pointing at such a set). Kaggle audio is CC BY-SA 3.0: credit \"Audio Cats and Dogs by "
        "Marc Moreaux (Kaggle)\". The code is GPL-3.0-or-later.",
        "",
        "## Training",
        "",
        f"From scratch on CPU (no pretrained weights): a small CNN ({m['params']:,} parameters, ~8 M "
        f"multiply-adds per window) on the normalised dB image. {m['epochs']} epochs × {m['steps']} batches of 32 "
        "drawn class-balanced (each class the same share, *other* twice), with: random 5 s crops of long clips; "
        "short clips placed at random on a background of digital silence or faint noise (ESC-50's zero padding "
        "is trimmed first, so silence is never a class cue); faint mixing with *other* sounds; SpecAugment "
        "(2 frequency and 2 time masks); mixup (β(0.4, 0.4), half the batches); label smoothing 0.05; AdamW "
        f"with a one-cycle schedule. Whole run: {m['train_minutes']:.1f} min on this 2-core machine.",
        "",
    ]
    if cv:
        lines += [
            "## Cross-validation (4 folds)",
            "",
            "Validation is by ESC-50 fold; Kaggle clips go to a fold by `overlap_group`, and Kaggle clips cut "
            "from the same recording as an ESC-50 clip follow that clip's fold, so no recording is heard in both "
            f"training and validation. CV models trained {m['cv_epochs']} epochs each. Clips longer than 5 s "
            "are scored like the app does (windows, the most confident named window decides).",
            "",
            "| metric (out-of-fold, all 4 folds) | value | target |",
            "|---|---:|---:|",
            f"| dog vs cat accuracy (dog and cat clips; p(dog) vs p(cat)) | {pct(cv['dog_vs_cat_accuracy'])} | ≥ 97% |",
            f"| dog/cat clips given the right 3-way verdict | {pct(cv['dog_cat_verdict_accuracy'])} | |",
            f"| real *other* clips rejected (not called dog or cat) | {pct(cv['other_rejected'])} | ≥ 90% |",
            f"| top-1 over the 11 named classes | {pct(cv['top1_named_11'])} | ≥ 85% |",
            f"| top-1 over all 12 classes | {pct(cv['top1_all'])} | |",
            f"| expected calibration error (after temperature {m['temperature']:.2f}) | {cv['ece']:.3f} | |",
            "",
            "Per fold (before temperature scaling):",
            "",
            "| fold | clips | top-1 (12) | top-1 named | dog vs cat | other rejected |",
            "|---:|---:|---:|---:|---:|---:|",
        ]
        for fold, f in sorted(m["cv_per_fold"].items(), key=lambda kv: int(kv[0])):
            lines.append(f"| {fold} | {f['clips']} | {pct(f['top1_all'])} | {pct(f['top1_named_11'])} | "
                         f"{pct(f['dog_vs_cat_accuracy'])} | {pct(f['other_rejected'])} |")
        c = cv["verdict_confusion"]
        lines += [
            "",
            "Verdict confusion (rows: truth, columns: verdict; out-of-fold):",
            "",
            "| | dog | cat | other |",
            "|---|---:|---:|---:|",
        ]
        for t in ("dog", "cat", "other"):
            lines.append(f"| **{t}** | {c[t]['dog']} | {c[t]['cat']} | {c[t]['other']} |")
        lines += [
            "",
            "### Calibration and the \"not sure\" threshold",
            "",
            f"Logits are divided by a temperature of {m['temperature']:.2f}, fitted on the out-of-fold predictions "
            "by minimising the negative log-likelihood, and baked into the exported graph. The threshold "
            f"{m['verdict_threshold']:.2f} is the lowest confidence at which out-of-fold dog/cat verdicts were "
            f"right at least 97% of the time (precision above it: {pct(cv['sure_dog_cat_precision'])}; share of "
            f"dog/cat clips answered without \"not sure\": {pct(cv['sure_dog_cat_share'])}).",
            "",
            "| confidence bin | clips | mean confidence | accuracy |",
            "|---|---:|---:|---:|",
        ]
        for r in cv["reliability"]:
            lines.append(f"| {r['bin']} | {r['n']} | {r['confidence']:.2f} | {r['accuracy']:.2f} |")
        lines.append("")
    lat = m["ort_latency"]
    lines += [
        "## Size and speed",
        "",
        f"ONNX file {m['model_bytes'] / 1e6:.2f} MB. ONNX Runtime (Python) per 5 s window, batch 1: "
        f"p50 {lat['threads_1_p50_ms']:.1f} ms with 1 thread, {lat['threads_2_p50_ms']:.1f} ms with 2 "
        "(front end included). The Java figure: `java -jar target/sonicsight.jar bench identify`.",
        "",
        "## Intended use and limits",
        "",
        "- For telling a dog bark from a cat meow in a short recording, and for saying \"something else\" to "
        "other everyday sounds, in a hobby/educational app. Not for safety, security or animal-welfare decisions.",
        "- Small data: 96 dog and 123 cat clips, mostly close-miked; far-field, reverberant or noisy recordings, "
        "puppies, big cats, growls, whines and purrs are under-represented. One ESC-50 \"cat\" is a person "
        "imitating a cat.",
        "- The *other* class knows the 40 ESC-50 categories and some synthetic sounds; speech, music and "
        "machinery outside those may still be called dog or cat — check \"not sure\".",
        "- Cross-validation is on 4 folds of the training material; a hidden held-out set (ESC-50 fold 5 and "
        "the Kaggle test split) will tell more. The numbers above are not tuned to it.",
        "",
    ]
    path.write_text("\n".join(lines))
