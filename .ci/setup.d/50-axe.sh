# axe-core (npm package, MPL-2.0) for the web page's accessibility check: installed once into the cache and
# handed to WebPageBrowserTest, which injects it into the page in the test browser (nothing is fetched then).
# npm comes with the machine's Node.js (NodeSource's nodejs provides it; Debian's npm package conflicts with that,
# so it is not in apt-packages.txt).
AXE_VERSION=4.14.1
AXE_DIR="$SONICSIGHT_CACHE/axe-core-$AXE_VERSION"
AXE_JS="$AXE_DIR/node_modules/axe-core/axe.min.js"
if [ ! -s "$AXE_JS" ] && command -v npm >/dev/null; then
  mkdir -p "$AXE_DIR"
  npm install --prefix "$AXE_DIR" --no-save --no-audit --no-fund --ignore-scripts --silent "axe-core@$AXE_VERSION" \
    || echo "test: axe-core install failed"
fi
if [ -s "$AXE_JS" ]; then
  MAVEN_ARGS+=("-Dsonicsight.axe=$AXE_JS")
  echo "test: axe-core $AXE_VERSION ready"
else
  echo "test: no axe-core (npm missing?); the web accessibility check will skip"
fi
