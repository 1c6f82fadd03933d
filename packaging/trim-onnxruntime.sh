#!/usr/bin/env bash
# Removes the ONNX Runtime natives of other platforms from a copy of the
# onnxruntime jar: the Maven Central jar carries Linux x64 and aarch64, macOS
# arm64 (with debug symbols) and Windows x64, about 52 MB, of which one
# platform's library (15-28 MB uncompressed) is ever loaded.
#
#   packaging/trim-onnxruntime.sh JAR PLATFORM    PLATFORM: linux-x64 | linux-aarch64 | osx-aarch64 | win-x64
set -euo pipefail
jar="$1"
keep="$2"
command -v zip >/dev/null || { echo "trim-onnxruntime: zip not found, keeping every platform in $(basename "$jar")"; exit 0; }
# The listing goes through a variable: grep -q on a pipe would stop unzip early (pipefail).
entries=$(unzip -Z1 "$jar")
grep -q "^ai/onnxruntime/native/$keep/" <<<"$entries" \
  || { echo "trim-onnxruntime: $(basename "$jar") has no natives for $keep" >&2; exit 1; }
mapfile -t drop < <(sed -n 's#^\(ai/onnxruntime/native/[^/]*\)/.*#\1#p' <<<"$entries" | sort -u | grep -vx "ai/onnxruntime/native/$keep")
for d in "${drop[@]}"; do
  zip -q -d "$jar" "$d/*"
done
echo "trim-onnxruntime: kept $keep in $(basename "$jar") ($(du -h "$jar" | cut -f1))"
