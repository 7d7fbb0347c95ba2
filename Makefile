# wikijs-keycloak: every target that needs a tool depends on `setup`, which installs
# what is missing (scripts/setup.sh) and is a quick no-op otherwise.
#
#   make demo    serve the page on http://127.0.0.1:8080 (rebuilds on change)
#   make test    everything CI runs (.ci/run)
#   make e2e     only the suites against the built dist/ (no rebuild)
#   make build   release build of the page into dist/ (absolute URLs, served at /)
#   make bench   performance: size, time to interactive, keystrokes, memory, core (tests/bench/)
#   make bench-floor  what the first load and time to interactive cost before any logic: the
#                page's markup (and its first screen) in Leptos, then with url and serde_json
#                (tests/bench/floor.mjs)
#   make bench-weight  where the page's first-load wasm goes: crate by crate, our code module by
#                module, our texts apart, and what V8 compiles before the page's mark
#                (tests/bench/weight.mjs)
#   make lab     the sign-in lab by hand: the lab's Keycloak, the stand-in Wiki.js with the real
#                sign-in side (in its own network namespace; needs root) and the page; prints
#                the URLs and the test user (docs/lab.md)
#   make screenshots  the README's screenshots (desktop and phone, light and dark)
#   make dist    the static demo: release build into dist/ with relative URLs (servable from
#                any sub-path, no server code), opening against the in-browser demo backend
#   make wiki-install WIKI=<wiki URL> [DIST=dist] [PAGE=keycloak-setup]
#                host the configurator inside Wiki.js 2.5 itself (docs/serving.md), with the
#                API key exported as TOKEN (`read -rs TOKEN && export TOKEN`) or in TOKEN_FILE;
#                needs Node and a built DIST only; `make wiki-uninstall WIKI=…` removes it
#   make fuzz    fuzz the core's entry points (cargo-fuzz, FUZZ_SECONDS each, default 60);
#                not part of `make test`, which replays the committed corpus (docs/reliability.md)
#   make clean   remove the build outputs (target/, dist/)

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := test

export PATH := $(HOME)/.cargo/bin:$(CURDIR)/node_modules/.bin:$(PATH)
export CHROMEDRIVER ?= /usr/bin/chromedriver
export CARGO_TERM_COLOR ?= never
# Trunk's update check asks crates.io even with `offline = true` in Trunk.toml (0.21.14
# only skips it for the --offline flag); nothing here needs it.
export TRUNK_SKIP_VERSION_CHECK := true

WASM := --target wasm32-unknown-unknown
STAGE := scripts/stage.sh

.PHONY: setup demo test e2e build dist clean bench bench-floor bench-weight lab

setup:
	@$(STAGE) "setup" bash scripts/setup.sh

demo: setup
	trunk serve

test: setup
	@$(STAGE) "fmt"                cargo fmt --all --check
	@$(STAGE) "clippy native"      cargo clippy --workspace --all-targets -- -D warnings
	@$(STAGE) "clippy wasm32"      cargo clippy --workspace $(WASM) --all-targets -- -D warnings
	@$(STAGE) "native tests"       cargo test --workspace
	@$(STAGE) "browser tests"      cargo test $(WASM)
	@# Relative URLs, as `make dist`: tests/e2e/demo.test.mjs serves a copy under a sub-path.
	@$(STAGE) "release page build" trunk build --release --public-url ./
	@$(MAKE) --no-print-directory e2e

# The suites that run against the built dist/ (or WKC_DIST), without rebuilding it (`make
# test` builds it first). A build that is missing or cannot mount fails every suite; nothing
# is skipped (tests/e2e/broken-build.test.mjs proves it). docs/testing.md says what each proves.
e2e: setup
	@test -f "$${WKC_DIST:-dist}/index.html" || { echo "e2e: $${WKC_DIST:-dist}/ is not built: run 'make test' or 'trunk build --release --public-url ./'" >&2; exit 1; }
	@$(STAGE) "stand-in conformance" node --test tests/standin/wikijs/
	@$(STAGE) "end-to-end"          node --test tests/e2e/
	@# "end-to-end" above includes tests/e2e/live.test.mjs: the live check against this stand-in.
	@$(STAGE) "keycloak stand-in"    node --test tests/standin/keycloak/
	@# The first load's size, and how much of the wasm the start calls: counts, not timings.
	@$(STAGE) "size budget"          node --test tests/bench/size.test.mjs tests/bench/start.test.mjs
	@$(STAGE) "wiki install"         node --test tests/install/
	@# Real sign-ins: oidc-provider as Keycloak, @exlinc/keycloak-passport in a network namespace.
	@# One file at a time: each lab adds a network interface, which a browser already loading
	@# pages in another file would see as a network change (net::ERR_NETWORK_CHANGED).
	@$(STAGE) "sign-in lab"          node --test --test-concurrency=1 tests/lab/

build: setup
	trunk build --release

dist: setup
	WKC_DEMO_SITE=1 trunk build --release --public-url ./

# The README's screenshots (docs/screenshot*.png): desktop and phone, light and dark, from the
# built page. Not part of `make test`, so a test run leaves the tree as it was.
.PHONY: screenshots
screenshots: setup
	trunk build --release --public-url ./
	node scripts/screenshots.mjs

# Inside Wiki.js itself (scripts/wiki-install.mjs): no toolchain, so no `setup`. WIKI, DIST
# and PAGE reach the script through the environment (make exports command-line variables),
# and so does TOKEN when it is exported first: given as `TOKEN=…` on make's command line it
# would be in the process list and the shell's history (the script says so if it is).
.PHONY: wiki-install wiki-uninstall
wiki-install:
	@node scripts/wiki-install.mjs install

wiki-uninstall:
	@node scripts/wiki-install.mjs uninstall

# The sign-in lab by hand, against the page in dist/ (built as `make test` builds it).
lab: setup
	trunk build --release --public-url ./
	node tests/lab/run.mjs

clean:
	cargo clean
	rm -rf dist

# Performance, measured side by side in one run (tests/bench/run.mjs): the release page
# served on loopback in headless Chromium against tests/bench/static.html, and the core
# natively. Writes tests/bench/results/latest.{json,md} and docs/performance.md's table.
# BENCH_ARGS passes options on (e.g. --refresh-static, --loads 40; see the runner).
bench: setup
	trunk build --release --public-url ./
	node tests/bench/run.mjs $(BENCH_ARGS)

# The stack's floor: builds a generated crate in target/bench-floor/ five times, as the
# page is built, times each beside the page and the static page, and writes
# tests/bench/results/floor.{json,md}.
bench-floor: setup
	trunk build --release --public-url ./
	node tests/bench/floor.mjs

# Where the first load's wasm goes: the page's wasm built again with its function names kept,
# weighed by crate and by our modules, and traced in Chromium for what V8 compiles before the
# page's mark; writes tests/bench/results/weight.{json,md}.
bench-weight: setup
	trunk build --release --public-url ./
	node tests/bench/weight.mjs

# ---- fuzzing: every cargo-fuzz target (tests/fuzz/) for FUZZ_SECONDS each -------------------
# Not part of `make test`, which replays the committed corpus (tests/fuzz/corpus/<target>/)
# natively. New inputs go to a scratch corpus under tests/fuzz/target/ (ignored), crashes to
# tests/fuzz/artifacts/<target>/; keep an input worth keeping by adding it to the corpus.
# No sanitizer by default: the core is safe Rust, and without ASan the targets run ~4x as many
# inputs; FUZZ_SANITIZER=address checks the unsafe code of dependencies too (rebuilds all).
FUZZ_SECONDS ?= 60
FUZZ_SANITIZER ?= none
FUZZ_TARGETS := derive_and_diagnose parse_urls wikijs_decode live_interpret troubleshoot keycloak_export demo_respond
FUZZ := RUSTC_BOOTSTRAP=1 cargo fuzz
FUZZ_OPTS = --fuzz-dir tests/fuzz --sanitizer $(FUZZ_SANITIZER)

.PHONY: fuzz
fuzz:
	@bash scripts/setup.sh fuzz
	@$(FUZZ) build $(FUZZ_OPTS)
	@failed=0; \
	for t in $(FUZZ_TARGETS); do \
	    work=tests/fuzz/target/corpus/$$t; log=tests/fuzz/target/$$t.log; art=tests/fuzz/artifacts/$$t; \
	    mkdir -p $$work $$art; before=$$(ls $$art | wc -l); start=$$SECONDS; rc=0; \
	    $(FUZZ) run $(FUZZ_OPTS) $$t $$work tests/fuzz/corpus/$$t -- \
	        -max_total_time=$(FUZZ_SECONDS) -timeout=10 -print_final_stats=1 >$$log 2>&1 || rc=$$?; \
	    runs=$$(awk '/^stat::number_of_executed_units:/ { n = $$2 } END { print n + 0 }' $$log); \
	    crashes=$$(( $$(ls $$art | wc -l) - before )); \
	    printf 'fuzz: %-20s %10s executions in %4s s, %s crashes, corpus %s files\n' \
	        $$t $$runs $$((SECONDS - start)) $$crashes $$(ls tests/fuzz/corpus/$$t | wc -l); \
	    if [ $$rc -ne 0 ] || [ $$crashes -ne 0 ]; then \
	        failed=1; { grep -A1 'panicked at' $$log | head -4 | cut -c1-300; grep -E 'ERROR: libFuzzer|Test unit written' $$log; } \
	            || tail -5 $$log; \
	    fi; \
	done; \
	[ $$failed -eq 0 ] || { echo "fuzz: crashes found (logs in tests/fuzz/target/, inputs in tests/fuzz/artifacts/)" >&2; exit 1; }
