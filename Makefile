# wikijs-keycloak: every target that needs a tool depends on `setup`, which installs
# what is missing (scripts/setup.sh) and is a quick no-op otherwise.
#
#   make demo    serve the page on http://127.0.0.1:8080 (rebuilds on change)
#   make test    everything CI runs (.ci/run)
#   make build   release build of the page into dist/ (absolute URLs, served at /)
#   make bench   performance: size, time to interactive, keystrokes, memory, core (tests/bench/)
#   make dist    the static demo: release build into dist/ with relative URLs (servable from
#                any sub-path, no server code), opening against the in-browser demo backend

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

.PHONY: setup demo test build dist clean bench

setup:
	@bash scripts/setup.sh

demo: setup
	trunk serve

test: setup
	@$(STAGE) "fmt"                cargo fmt --check
	@$(STAGE) "clippy native"      cargo clippy --all-targets -- -D warnings
	@$(STAGE) "clippy wasm32"      cargo clippy $(WASM) --all-targets -- -D warnings
	@$(STAGE) "native tests"       cargo test
	@$(STAGE) "browser tests"      cargo test $(WASM)
	@# Relative URLs, as `make dist`: tests/e2e/demo.test.mjs serves a copy under a sub-path.
	@$(STAGE) "release page build" trunk build --release --public-url ./
	@# ---- end-to-end suites (against the built dist/) are appended below this line ----
	@$(STAGE) "stand-in conformance" node --test tests/standin/wikijs/
	@$(STAGE) "end-to-end"          node --test tests/e2e/
	@# "end-to-end" above includes tests/e2e/live.test.mjs: the live check against this stand-in.
	@$(STAGE) "keycloak stand-in"    node --test tests/standin/keycloak/
	@$(STAGE) "size budget"          node --test tests/bench/size.test.mjs

build: setup
	trunk build --release

dist: setup
	WKC_DEMO_SITE=1 trunk build --release --public-url ./

clean:
	cargo clean
	rm -rf dist

# Performance, measured side by side in one run (tests/bench/run.mjs): the release page
# served on loopback in headless Chromium against tests/bench/static.html, and the core
# natively. Writes tests/bench/results/latest.{json,md} and README.md's table.
# BENCH_ARGS passes options on (e.g. --refresh-static, --loads 40; see the runner).
bench: setup
	trunk build --release --public-url ./
	node tests/bench/run.mjs $(BENCH_ARGS)
