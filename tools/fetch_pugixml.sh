#!/usr/bin/env bash
# Fetches the source of the pugixml Debian installed: the source package of
# libpugixml-dev's exact version, from the archive the system's apt uses,
# into .deps/pugixml/VERSION/ (not in git). With it the build compiles
# pugixml in its header-only mode, so that its small accessors (name,
# next_sibling, attribute...), called tens of millions of times on a large
# flow, are inlined: Debian ships only compiled libraries, where each is a
# call (about 15% of a large VoiceXML run; README, Performance). It is the
# same library: only headers identical to the installed ones are used, and
# without the source the build links Debian's static library instead.
#
#   tools/fetch_pugixml.sh        # tools/setup.sh runs it
#
# Leaves the system's apt state alone: the deb-src index goes to a private
# list directory that is removed afterwards. Exits 0 with a message when
# the source cannot be had (no network, no deb-src on the mirror).
set -euo pipefail
cd "$(dirname "$0")/.."

full=$(dpkg-query -W -f='${Version}' libpugixml-dev 2>/dev/null || true)
if [ -z "$full" ]; then
  echo "fetch_pugixml: libpugixml-dev is not installed" >&2
  exit 1
fi
upstream=${full%-*}  # 1.13-0.2 -> 1.13, as CMake's pugixml_VERSION says
dest=.deps/pugixml/$upstream
if [ -f "$dest/src/pugixml.cpp" ]; then
  echo "fetch_pugixml: pugixml $full source already in $dest"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/sources.list.d"
# The system's own sources, as deb-src: deb822 files and one-line lists.
for f in /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] || continue
  sed -E 's/^Types:.*/Types: deb-src/' "$f" >"$work/sources.list.d/$(basename "$f")"
done
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
  [ -f "$f" ] || continue
  sed -nE 's/^deb[[:space:]]+/deb-src /p' "$f" >"$work/sources.list.d/$(basename "$f").list"
done
apt_opts=(
  -o "Dir::Etc::SourceList=/dev/null"
  -o "Dir::Etc::SourceParts=$work/sources.list.d"
  -o "Dir::State::Lists=$work/lists"
  -o "APT::Sandbox::User=root"
  -qq
)
unavailable() {
  echo "fetch_pugixml: pugixml's source is unavailable ($1): the build links Debian's static library" >&2
  exit 0
}
apt-get "${apt_opts[@]}" update >"$work/log" 2>&1 || unavailable "apt-get update failed"
(cd "$work" && apt-get "${apt_opts[@]}" source --download-only "pugixml=$full") \
  >>"$work/log" 2>&1 || unavailable "no source package pugixml=$full"
orig=$(ls "$work"/pugixml_"$upstream".orig.tar.* 2>/dev/null | head -1)
[ -n "$orig" ] || unavailable "no upstream tarball in the source package"
mkdir -p "$work/unpacked"
tar -xf "$orig" -C "$work/unpacked" --strip-components=1
for h in pugixml.hpp pugiconfig.hpp; do
  cmp -s "$work/unpacked/src/$h" "/usr/include/$h" ||
    unavailable "its $h differs from the installed /usr/include/$h"
done
mkdir -p "$dest"
cp -r "$work/unpacked/src" "$work/unpacked/LICENSE.md" "$dest/" 2>/dev/null ||
  cp -r "$work/unpacked/src" "$dest/"
echo "fetch_pugixml: pugixml $full source in $dest"
