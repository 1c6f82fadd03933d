# A real X server for window tests and screenshots (JavaFX renders in software).
if [ -z "${DISPLAY:-}" ] && command -v Xvfb >/dev/null; then
  for n in $(seq 90 120); do
    [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] || { XVFB_DISPLAY=":$n"; break; }
  done
  Xvfb "$XVFB_DISPLAY" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
  CLEANUP+=("kill $! 2>/dev/null")
  for _ in $(seq 1 50); do [ -e "/tmp/.X11-unix/X${XVFB_DISPLAY#:}" ] && break; sleep 0.1; done
  export DISPLAY="$XVFB_DISPLAY"
  MAVEN_ARGS+=("-Dsonicsight.test.display=$DISPLAY")
  echo "test: Xvfb on $DISPLAY"
elif [ -n "${DISPLAY:-}" ]; then
  MAVEN_ARGS+=("-Dsonicsight.test.display=$DISPLAY")
else
  echo "test: Xvfb not installed; real-window tests will skip (headless Monocle tests still run)"
fi
