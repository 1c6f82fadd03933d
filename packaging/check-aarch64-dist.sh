#!/usr/bin/env bash
# Checks the Raspberry Pi distribution made by packaging/build-aarch64-dist.sh
# on a machine that cannot run it natively:
#   - the zip holds sonicsight.jar, bin/sonicsight, kiosk/install.sh and lib/;
#   - every JavaFX and ONNX Runtime native library in lib/ is an AArch64 ELF,
#     and no other platform's JavaFX jars or ONNX Runtime natives came along;
#   - bin/sonicsight and the lib/* class path work: on this machine's Java it
#     renders a spectrogram PNG (pure Java, no natives needed).
#   packaging/check-aarch64-dist.sh [ZIP] [FIXTURES_DIR]
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
zip="${1:-$(find target -maxdepth 1 -name 'sonicsight-*-linux-aarch64.zip' | head -1)}"
fixtures="${2:-${SONICSIGHT_SHARED:-../shared}/data/fixtures}"
failed=0
pass() { echo "aarch64-dist: PASS $*"; }
fail() { echo "aarch64-dist: FAIL $*"; failed=1; }

[ -f "$zip" ] || { fail "no zip (run packaging/build-aarch64-dist.sh)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
unzip -q "$zip" -d "$work"
dist=$(find "$work" -mindepth 1 -maxdepth 1 -type d | head -1)

missing=()
for f in sonicsight.jar bin/sonicsight kiosk/install.sh kiosk/sonicsight-kiosk.service kiosk/README.md LICENSE; do
  [ -e "$dist/$f" ] || missing+=("$f")
done
[ -x "$dist/bin/sonicsight" ] || missing+=("executable bin/sonicsight")
if [ "${#missing[@]}" = 0 ]; then pass "layout of $(basename "$zip") ($(du -h "$zip" | cut -f1))"; else fail "missing ${missing[*]}"; fi

# Natives: unpack every .so from the platform jars and ask readelf for the machine.
others=$(find "$dist/lib" -name 'javafx-*.jar' ! -name '*-linux-aarch64.jar' -exec sh -c 'unzip -Z1 "$1" | grep -q "\.so$" && basename "$1"' _ {} \;)
[ -z "$others" ] || fail "JavaFX jars with natives for another platform: $others"
mkdir -p "$work/so"
count=0
wrong=()
for jar in "$dist"/lib/javafx-*-linux-aarch64.jar "$dist"/lib/onnxruntime-*.jar; do
  while IFS= read -r entry; do
    [ -n "$entry" ] || continue
    unzip -p "$jar" "$entry" > "$work/so/lib.so"
    machine=$(readelf -h "$work/so/lib.so" 2>/dev/null | sed -n 's/^ *Machine: *//p')
    count=$((count + 1))
    [ "$machine" = AArch64 ] || wrong+=("$(basename "$jar")!$entry=$machine")
  done < <(unzip -Z1 "$jar" | grep -E '\.(so|dylib|dll)$')
done
if [ "${#wrong[@]}" = 0 ] && [ "$count" -gt 10 ]; then
  pass "$count native libraries, all AArch64 ELF"
else
  fail "native libraries not for AArch64 (of $count): ${wrong[*]}"
fi

dog="$fixtures/dog_bark_esc50_22050hz_mono.wav"
if [ -f "$dog" ] && "$dist/bin/sonicsight" spectrogram "$dog" -o "$work/dog.png" 2>"$work/err" \
    && [ "$(head -c 8 "$work/dog.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; then
  pass "bin/sonicsight spectrogram wrote a PNG through the lib/* class path"
else
  fail "bin/sonicsight spectrogram failed: $(head -c 400 "$work/err" 2>/dev/null)"
fi
exit "$failed"
