#!/usr/bin/env bash
# Soak, 2 minutes (the README's Reliability section has the 60-minute figure):
# the live view (under the Xvfb that .ci/test started), continuous listening and
# web uploads with clients hanging up mid-upload, all at once; heap after GC,
# RSS, threads and open files must stay within 10% between the end of the
# warm-up and the end. Without a display the live view is left out with a line.
set -euo pipefail
cd "$(dirname "$0")/../.."
args=(--seconds "${SONICSIGHT_SOAK_SECONDS:-120}")
if [ -z "${DISPLAY:-}" ]; then
  if [ "${SONICSIGHT_REQUIRE_ALL:-0}" = 1 ]; then
    echo "soak: FAIL no display for the live view"; exit 1
  fi
  echo "soak: no display; the live view is left out"
  args+=(--no-view)
fi
# A real bark, so listening finds events; synthetic sound where the shared data is absent.
clip="${SONICSIGHT_SHARED:-../shared}/data/fixtures/dog_bark_esc50_22050hz_mono.wav"
[ -f "$clip" ] && args+=("$clip")
java -Xmx512m -jar target/sonicsight.jar bench soak "${args[@]}"
