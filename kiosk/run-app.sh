#!/bin/sh
# Starts SonicSight in kiosk mode with the settings from /etc/sonicsight/kiosk.env
# (already in the environment under systemd; read here when labwc starts us).
# Installed to /opt/sonicsight/kiosk/run-app.sh. Exits with the app's status
# and leaves it in $XDG_RUNTIME_DIR/sonicsight-kiosk.status for start-cage.sh,
# because the compositor in between does not pass it on reliably.
set -u
env_file="${SONICSIGHT_ENV_FILE:-/etc/sonicsight/kiosk.env}"
if [ -z "${SONICSIGHT_KIOSK:-}" ] && [ -r "$env_file" ]; then
  # KEY=value lines without shell syntax, so sourcing is safe; set -a exports
  # every setting to the app.
  set -a
  # shellcheck source=/dev/null
  . "$env_file"
  set +a
fi
app="${SONICSIGHT_APP:-/opt/sonicsight/bin/SonicSight}"
# ONNX Runtime's telemetry starts with its environment, before the app can switch it off.
export ORT_DISABLE_TELEMETRY="${ORT_DISABLE_TELEMETRY:-1}"
set -- --kiosk
if [ -n "${PORT:-}" ]; then
  set -- "$@" --serve "$PORT"
  if [ -n "${SERVE_HOST:-}" ]; then
    set -- "$@" --serve-host "$SERVE_HOST"
  fi
fi
if [ -n "${SPACE:-}" ]; then
  set -- "$@" --space "$SPACE"
fi
"$app" "$@"
status=$?
echo "$status" > "${XDG_RUNTIME_DIR:-/tmp}/sonicsight-kiosk.status" 2>/dev/null || true
exit "$status"
