#!/usr/bin/env bash
# Checks packaging/runtime-modules.txt against what the code and its libraries
# reference (jdeps over target/sonicsight.jar and target/lib). Prints the
# modules jdeps found and fails when one is neither bundled nor listed as
# not needed. Run ./mvnw -B package first.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -f target/sonicsight.jar ] || { echo "check-modules: FAIL target/sonicsight.jar missing (run ./mvnw -B package)"; exit 1; }
list=packaging/runtime-modules.txt
mapfile -t bundled < <(sed -e 's/#.*//' -e '/^\s*-/d' -e '/^\s*$/d' -e 's/\s*$//' "$list")
mapfile -t unneeded < <(sed -n -e 's/#.*//' -e 's/^\s*-\(\S*\).*/\1/p' "$list")
mapfile -t referenced < <(jdeps -s --multi-release 17 --ignore-missing-deps target/sonicsight.jar target/lib/*.jar 2>/dev/null \
  | grep -oE -- '-> (java|jdk)\.[a-z.]+' | sed 's/-> //' | sort -u)

echo "check-modules: jdeps references ${referenced[*]}"
missing=()
for m in "${referenced[@]}"; do
  found=0
  for b in "${bundled[@]}" "${unneeded[@]}"; do [ "$m" = "$b" ] && found=1; done
  [ "$found" = 1 ] || missing+=("$m")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "check-modules: FAIL referenced but not in $list: ${missing[*]} (bundle it, or list it with '-' and a reason)"
  exit 1
fi
echo "check-modules: PASS every referenced module is bundled (${#bundled[@]}) or known unused (${#unneeded[@]})"
