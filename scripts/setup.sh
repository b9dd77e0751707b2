#!/usr/bin/env bash
# Installs what xsift needs, only what is missing, and says what it does:
#   1. Debian packages (clang, libbpf-dev, bpftool, tcpdump, libpcap-dev, ...), as root through apt-get
#   2. npm ci, when node_modules does not match package-lock.json
#   3. the native addon (cmake-js), when native/ or CMakeLists.txt changed
#   4. the TypeScript build (tsc) and the CLI's bundle (esbuild), when a source changed
#   5. the test oracle (test/oracle/libpcap-match.c), when it changed
# A second run does nothing and prints one line. Usage: setup.sh [--build-only]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build_only=${1:-}
did=()

say() { printf 'setup: %s\n' "$*" >&2; }

# 1. System packages -------------------------------------------------------
pkgs=(clang llvm libbpf-dev bpftool tcpdump libpcap-dev iputils-ping netcat-openbsd iproute2 cmake pkg-config make g++)
if [ "$build_only" != "--build-only" ]; then
  missing=()
  for p in "${pkgs[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then missing+=("$p"); fi
  done
  if [ ${#missing[@]} -gt 0 ]; then
    if ! command -v apt-get >/dev/null 2>&1; then
      say "missing packages: ${missing[*]}; this is not a Debian/Ubuntu system (no apt-get). Install their equivalents, then run again."
      exit 1
    fi
    if [ "$(id -u)" != 0 ]; then
      say "missing packages: ${missing[*]}. Run as root:"
      say "  apt-get update && apt-get install -y ${missing[*]}"
      exit 1
    fi
    say "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq "${missing[@]}" >&2
    did+=(packages)
  fi
fi

# 2. npm dependencies --------------------------------------------------------
lock_hash=$(sha256sum package-lock.json package.json | sha256sum | cut -c1-16)
if [ ! -f node_modules/.xsift-lock ] || [ "$(cat node_modules/.xsift-lock)" != "$lock_hash" ]; then
  say "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error >&2
  echo "$lock_hash" > node_modules/.xsift-lock
  did+=(npm)
fi

# Content stamp of a set of files: rebuild when it differs from the last build's.
stamp() { find "$@" -type f \( -name '*.ts' -o -name '*.cc' -o -name '*.h' -o -name '*.c' -o -name '*.txt' -o -name '*.json' -o -name '*.mjs' \) -not -path '*/node_modules/*' -print0 2>/dev/null | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16; }

# 3. Native addon ------------------------------------------------------------
native_hash=$(stamp native CMakeLists.txt)
if [ ! -f build/Release/xsift_native.node ] || [ ! -f build/.xsift-stamp ] || [ "$(cat build/.xsift-stamp)" != "$native_hash" ]; then
  say "building the native addon (cmake-js)"
  node node_modules/cmake-js/bin/cmake-js compile --log-level error >&2 || { say "native build failed"; exit 1; }
  echo "$native_hash" > build/.xsift-stamp
  did+=(native)
fi

# 4. TypeScript ----------------------------------------------------------------
ts_hash=$(stamp grammar compiler runtime tsconfig.json scripts/bundle-cli.mjs)
if [ ! -f dist/.xsift-stamp ] || [ "$(cat dist/.xsift-stamp)" != "$ts_hash" ]; then
  say "building TypeScript (tsc)"
  # Build beside dist/ and swap it in, so that a running xsift never sees a half-built tree.
  rm -rf dist.new
  node node_modules/typescript/bin/tsc -p . --outDir dist.new >&2 || { rm -rf dist.new; say "TypeScript build failed"; exit 1; }
  # The CLI as one bundle (esbuild, which tsx brings), beside the modules: bin/xsift.js loads
  # it, and loading the ~100 modules one by one cost ~30 ms of CPU at every start. The bundle
  # sits two levels down like dist/runtime/, where runtime/paths.ts and native.ts look for the
  # package root. Without esbuild, bin/xsift.js runs dist/runtime/cli.js (a slower start).
  if [ -f node_modules/esbuild/package.json ]; then
    # The bundle only speeds the start up: if esbuild cannot run here, say so and go on without it.
    node scripts/bundle-cli.mjs dist.new >&2 || { rm -rf dist.new/cli; say "bundling the CLI (esbuild) failed (above): the CLI runs unbundled (dist/runtime/cli.js)"; }
  else
    say "esbuild is not installed: the CLI runs unbundled (dist/runtime/cli.js)"
  fi
  echo "$ts_hash" > dist.new/.xsift-stamp
  rm -rf dist.old
  if [ -d dist ]; then mv dist dist.old; fi
  mv dist.new dist
  rm -rf dist.old
  did+=(typescript)
fi

# 5. The libpcap oracle the tests judge against --------------------------------
if [ "$build_only" != "--build-only" ] && [ -f test/oracle/libpcap-match.c ]; then
  oracle_hash=$(stamp test/oracle)
  if [ ! -x .build/libpcap-match ] || [ ! -f .build/.oracle-stamp ] || [ "$(cat .build/.oracle-stamp)" != "$oracle_hash" ]; then
    say "building the libpcap oracle (test/oracle/libpcap-match.c)"
    mkdir -p .build
    cc -O2 -Wall -Wextra -Werror -o .build/libpcap-match test/oracle/libpcap-match.c -lpcap >&2
    echo "$oracle_hash" > .build/.oracle-stamp
    did+=(oracle)
  fi
fi

if [ ${#did[@]} -eq 0 ]; then say "up to date"; else say "done (${did[*]})"; fi
