#!/usr/bin/env bash
# Configures and builds ivrscope and its tests in build/ (Release with debug
# info, warnings as errors). Extra arguments go to cmake's configure step.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DIVRSCOPE_WARNINGS_AS_ERRORS=ON "$@" >/dev/null
cmake --build build
