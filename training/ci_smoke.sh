#!/usr/bin/env bash
# CI check of the training pipeline: builds/reuses the training venv (cached outside the clone), runs the
# fast pytest checks and a smoke training (48 clips, head + gate, ONNX export to a temp dir, parity check). The
# backbone is cut out of the shipped model, so no TensorFlow is needed.
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE="${SONICSIGHT_CACHE:-$HOME/.cache/sonicsight}"
VENV="$CACHE/venv-train"
REQ=training/requirements.txt
STAMP="$VENV/.requirements.sha"
want=$(sha256sum "$REQ" | cut -d' ' -f1)
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$STAMP" 2>/dev/null)" != "$want" ]; then
  echo "training: building venv $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q -r "$REQ"
  echo "$want" > "$STAMP"
fi
"$VENV/bin/python" -m pytest -q training/tests
"$VENV/bin/python" -W ignore training/train.py --smoke
