#!/usr/bin/env bash
# Installs what ivrscope needs to build and test, from Debian 12's packages.
# Idempotent: packages already present are left alone. Runs apt-get as root,
# or through sudo otherwise. Then fetches pugixml's source for the build to
# inline (tools/fetch_pugixml.sh; optional, the build works without it).
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config
  libboost-graph-dev libboost-program-options-dev libpugixml-dev doctest-dev
  libgraphviz-dev chromium
  python3 python3-jsonschema
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$p")
done
sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages already installed"
else
  echo "setup: installing ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
"${sudo[@]}" "$(dirname "$0")/fetch_pugixml.sh"
