#!/usr/bin/env bash
# Install every tool the build and the tests need, idempotently: each step prints one line
# and skips what is already present at the right version. Sources are crates.io, npm and
# Debian only (nothing comes from GitHub): Trunk runs offline with these local tools.
#
#   bash scripts/setup.sh        (also run by `make setup`, which every make target needs)
#   bash scripts/setup.sh fuzz   (only cargo-fuzz, for `make fuzz`)
set -euo pipefail

cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

TRUNK_VERSION=0.21.14
WASM_TARGET=wasm32-unknown-unknown

step() { printf 'setup: %-22s %s\n' "$1" "$2"; }

# sudo only when not root (CI runs as root on a fresh box).
as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null; then sudo "$@"
    else echo "setup: need root (or sudo) to run: $*" >&2; exit 1
    fi
}

# The version of a package in Cargo.lock (the first one if it appears several times).
lock_version() {
    awk -v name="$1" '
        $0 == "name = \"" name "\"" { found = 1; next }
        found && /^version = / { gsub(/"/, "", $3); print $3; exit }
    ' Cargo.lock
}

# --- cargo-fuzz: only for `make fuzz` (`setup.sh fuzz`), never in the default setup -------
# Stable Rust runs it with RUSTC_BOOTSTRAP=1 (the Makefile sets it); it builds libFuzzer with
# the machine's C++ compiler.
setup_fuzz() {
    if cargo fuzz --version >/dev/null 2>&1; then
        step cargo-fuzz "$(cargo fuzz --version | awk '{print $2}') present"
    else
        step cargo-fuzz "installing (takes ~1 min)"
        cargo install cargo-fuzz --locked --quiet
        step cargo-fuzz "$(cargo fuzz --version | awk '{print $2}') installed"
    fi
}
if [ "${1:-}" = fuzz ]; then
    setup_fuzz
    exit 0
fi

# --- wasm-split: every release build splits the page's wasm in two (scripts/split-page.mjs) --
# Binaryen 116's wasm-split, built from the binaryen sources the wasm-opt-sys crate carries on
# crates.io (Debian's binaryen 108 writes wasm-bindgen's externref as anyref, which Chromium
# refuses; npm's binaryen has no wasm-split). About 8 min on 2 cores, once.
# Outside target/, so `make clean` does not cost the build again (scripts/split-page.mjs
# looks for it there too).
SPLIT_CRATE=0.116.0
SPLIT_DIR=${XDG_CACHE_HOME:-$HOME/.cache}/wikijs-keycloak/binaryen-116
setup_split() {
    if [ -x "$SPLIT_DIR/bin/wasm-split" ]; then
        step wasm-split "binaryen 116 present"
        return
    fi
    step wasm-split "building binaryen 116's (takes ~8 min)"
    local fetch=target/tools/fetch-binaryen
    mkdir -p "$fetch/src"
    : >"$fetch/src/lib.rs"
    printf '[package]\nname = "fetch-binaryen"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n[dependencies]\nwasm-opt-sys = "=%s"\n\n[workspace]\n' \
        "$SPLIT_CRATE" >"$fetch/Cargo.toml"
    cargo fetch --manifest-path "$fetch/Cargo.toml" --quiet
    local src
    src=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/"wasm-opt-sys-$SPLIT_CRATE"/binaryen | head -1)
    rm -rf "$SPLIT_DIR" && mkdir -p "$SPLIT_DIR/bin"
    cp -r "$src" "$SPLIT_DIR/src"
    # The crate leaves binaryen's tests out, but its CMakeLists.txt still adds test/lit.
    mkdir -p "$SPLIT_DIR/src/test/lit" && : >"$SPLIT_DIR/src/test/lit/CMakeLists.txt"
    # (Built outside binaryen's git checkout: its version comes out unknown, which is said in the log.)
    local log="$SPLIT_DIR/build.log"
    if ! { cmake -S "$SPLIT_DIR/src" -B "$SPLIT_DIR/build" -DCMAKE_BUILD_TYPE=Release \
        -DBUILD_TESTS=OFF -DBUILD_STATIC_LIB=ON -DENABLE_WERROR=OFF &&
        make -C "$SPLIT_DIR/build" -j"$(nproc)" wasm-split; } >"$log" 2>&1; then
        tail -n 30 "$log" >&2
        echo "setup: building wasm-split failed (whole log: $log)" >&2
        exit 1
    fi
    cp "$SPLIT_DIR/build/bin/wasm-split" "$SPLIT_DIR/bin/"
    step wasm-split "binaryen 116 built"
}

# --- Rust target and components -------------------------------------------------------
if rustup target list --installed | grep -qx "$WASM_TARGET"; then
    step "$WASM_TARGET" "present"
else
    rustup target add "$WASM_TARGET" >/dev/null
    step "$WASM_TARGET" "installed"
fi

missing=()
cargo fmt --version >/dev/null 2>&1 || missing+=(rustfmt)
cargo clippy --version >/dev/null 2>&1 || missing+=(clippy)
if [ ${#missing[@]} -eq 0 ]; then
    step "rustfmt, clippy" "present"
else
    rustup component add "${missing[@]}" >/dev/null
    step "rustfmt, clippy" "installed ${missing[*]}"
fi

# --- trunk ------------------------------------------------------------------------------
have=$(trunk --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" = "$TRUNK_VERSION" ]; then
    step trunk "$TRUNK_VERSION present"
else
    step trunk "installing $TRUNK_VERSION (found '${have:-none}'; takes ~11 min)"
    cargo install trunk --version "$TRUNK_VERSION" --locked --quiet
fi

# --- wasm-bindgen-cli, at exactly the version in Cargo.lock ------------------------------
bindgen=$(lock_version wasm-bindgen)
[ -n "$bindgen" ] || { echo "setup: no wasm-bindgen in Cargo.lock" >&2; exit 1; }
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
have_runner=$(wasm-bindgen-test-runner --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" = "$bindgen" ] && [ "$have_runner" = "$bindgen" ]; then
    step wasm-bindgen-cli "$bindgen present"
else
    step wasm-bindgen-cli "installing $bindgen (found '${have:-none}'; takes ~5 min)"
    # No --locked: the CLI's lock file names a yanked webpki-roots, so --locked fails.
    cargo install wasm-bindgen-cli --version "$bindgen" --force --quiet
fi

# --- Debian packages, in one apt pass: what is missing of each group below ----------------
installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }
# "<step name>|<why>|<packages>": Chromium and ChromeDriver for the browser tests (of
# chromium's recommends only the fonts matter, for headless tests and screenshots); `ip
# netns` and openssl for the sign-in lab (tests/lab/: its Wiki.js server's own loopback, its
# CA); nginx and Caddy to run docs/serving.md's recipes as written (tests/e2e/serving); cmake
# and g++ to build wasm-split (below), unless it is built or not needed.
groups=(
    "chromium|for the browser tests|chromium chromium-driver fonts-liberation"
    "iproute2, openssl|for the sign-in lab|iproute2 openssl"
    "nginx, caddy|for the serving recipes|nginx-light caddy"
)
if [ "${WKC_SPLIT:-1}" != 0 ] && [ ! -x "$SPLIT_DIR/bin/wasm-split" ]; then
    groups+=("cmake, g++|to build wasm-split|cmake g++")
fi
missing=()
said=()
for group in "${groups[@]}"; do
    IFS='|' read -r name what packages <<<"$group"
    lacking=()
    for package in $packages; do installed "$package" || lacking+=("$package"); done
    missing+=("${lacking[@]}")
    status=present
    [ ${#lacking[@]} -eq 0 ] || status="installed ${lacking[*]}"
    said+=("$name|$status ($what)")
done
if [ ${#missing[@]} -gt 0 ]; then
    as_root apt-get update -qq >/dev/null
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
fi
for line in "${said[@]}"; do step "${line%%|*}" "${line#*|}"; done
step "chromium version" "$(dpkg-query -W -f='${Version}' chromium)"

# --- npm tooling: binaryen (wasm-opt), esbuild (minify), playwright-core (drives chromium)
stamp=node_modules/.setup-lock.sha256
want=$(sha256sum package-lock.json package.json | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x node_modules/.bin/wasm-opt ]; then
    step "npm packages" "match package-lock.json"
else
    npm ci --no-audit --no-fund --loglevel=error >/dev/null
    echo "$want" >"$stamp"
    step "npm packages" "installed ($(wasm-opt --version))"
fi

# --- crates, so Trunk's offline cargo build finds them --------------------------------------
if cargo fetch --offline >/dev/null 2>&1; then
    step crates "all in the local registry"
else
    cargo fetch --quiet
    step crates "fetched"
fi

# --- binaryen 116's wasm-split (above), last: the one step that takes minutes on a fresh box --
# Not with WKC_SPLIT=0, whose release builds are not split (scripts/widget-loader.mjs).
if [ "${WKC_SPLIT:-1}" = 0 ]; then
    step wasm-split "not needed (WKC_SPLIT=0)"
else
    setup_split
fi
