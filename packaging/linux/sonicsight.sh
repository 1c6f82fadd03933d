#!/bin/sh
# bin/sonicsight of the runtime-less Linux distribution (the Raspberry Pi zip):
# runs SonicSight on the system Java 17+ (Debian: openjdk-17-jre). Every
# argument goes to the app: no argument opens the desktop app, --kiosk the
# kiosk, "identify FILE" and the other subcommands the CLI.
#   JAVA_HOME               use that Java instead of the one on PATH
#   SONICSIGHT_JAVA_OPTS    extra JVM options (split on spaces)
set -eu
self=$(readlink -f "$0")
home=$(dirname "$(dirname "$self")")
if [ -n "${JAVA_HOME:-}" ]; then
  java="$JAVA_HOME/bin/java"
else
  java=java
fi
command -v "$java" >/dev/null 2>&1 || {
  echo "sonicsight: no Java found; install one (sudo apt install openjdk-17-jre) or set JAVA_HOME." >&2
  exit 1
}
# ONNX Runtime's telemetry reads the command line and keeps an event database under
# ~/.cache/Microsoft when its environment starts, before the app can switch it off.
export ORT_DISABLE_TELEMETRY="${ORT_DISABLE_TELEMETRY:-1}"
# The jar's manifest names the x64 JavaFX jars; lib/* holds this platform's.
# shellcheck disable=SC2086 # SONICSIGHT_JAVA_OPTS is a list of options
exec "$java" -XX:MaxRAMPercentage=50 ${SONICSIGHT_JAVA_OPTS:-} \
  -cp "$home/sonicsight.jar:$home/lib/*" org.sonicsight.app.Launcher "$@"
