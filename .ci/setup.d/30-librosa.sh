# Python venv with librosa: the golden-file parity test and the bench peer.
LIBROSA_VENV="$SONICSIGHT_CACHE/venv-librosa"
if [ ! -x "$LIBROSA_VENV/bin/python" ] || ! "$LIBROSA_VENV/bin/python" -c 'import librosa, soundfile' 2>/dev/null; then
  if python3 -m venv "$LIBROSA_VENV" 2>/dev/null; then
    "$LIBROSA_VENV/bin/pip" install -q -r src/test/python/requirements.txt || echo "test: librosa install failed"
  fi
fi
if "$LIBROSA_VENV/bin/python" -c 'import librosa, soundfile' 2>/dev/null; then
  MAVEN_ARGS+=("-Dsonicsight.python=$LIBROSA_VENV/bin/python")
  echo "test: librosa venv ready"
else
  echo "test: no Python with librosa; the librosa parity test will skip"
fi
