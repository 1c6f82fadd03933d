# Real Gradio servers for the Java client's conformance suite: one venv per
# tested Gradio line (newest 6.x and newest 5.x), each with the Space's own
# requirements so space/app.py runs under both. Venvs live in $SONICSIGHT_CACHE
# and are rebuilt only when the pinned requirement set changes (stamp file).
GRADIO_VERSIONS=(6.31.0 5.50.0)
gradio_pythons=()
for gv in "${GRADIO_VERSIONS[@]}"; do
  venv="$SONICSIGHT_CACHE/venv-gradio-${gv%%.*}"
  want="gradio==$gv gradio_client onnx==1.23.2 $(sed -e 's/#.*//' -e '/^\s*$/d' space/requirements.txt | tr '\n' ' ')"
  if [ ! -x "$venv/bin/python" ] || [ "$(cat "$venv/.sonicsight-stamp" 2>/dev/null)" != "$want" ]; then
    t0=$(date +%s)
    rm -rf "$venv"
    if python3 -m venv "$venv" 2>/dev/null; then
      # shellcheck disable=SC2086
      if "$venv/bin/pip" install -q $want; then
        echo "$want" > "$venv/.sonicsight-stamp"
        echo "test: gradio $gv venv built in $(( $(date +%s) - t0 )) s ($(du -sm "$venv" | cut -f1) MB)"
      else
        echo "test: gradio $gv install failed"
      fi
    fi
  fi
  if [ -f "$venv/.sonicsight-stamp" ] && "$venv/bin/python" -c 'import importlib.util as u, sys; sys.exit(not (u.find_spec("gradio") and u.find_spec("gradio_client")))' 2>/dev/null; then
    gradio_pythons+=("$gv=$venv/bin/python")
  fi
done
if [ "${#gradio_pythons[@]}" -gt 0 ]; then
  joined=$(IFS=,; echo "${gradio_pythons[*]}")
  MAVEN_ARGS+=("-Dsonicsight.gradio.pythons=$joined")
  echo "test: gradio venvs ready: $joined"
else
  echo "test: no Gradio venv; the Gradio conformance suite will skip"
fi
