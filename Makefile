# guardview: the two commands a newcomer needs are `make serve` and `make test`.
# Every target runs ./setup.sh first (about a second when everything is installed).
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
ENV := . .tools/env.sh &&
WASM := --target wasm32-unknown-unknown

.PHONY: help setup setup-office serve build dist test lint test-native test-wasm test-e2e test-engines test-office screenshots clean bench bench-engines bundle-profile

help: ## List the targets.
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 14

setup: ## Install what is missing (toolchain, trunk, wasm-bindgen, Chromium, playwright-core).
	@./setup.sh

setup-office: ## Install LibreOffice Impress and Calc (headless) and poppler-utils, for test-office.
	@./scripts/setup-office.sh

serve: setup ## Release build, served on http://127.0.0.1:8080 (Ctrl-C stops it).
	@echo "guardview: building, then serving on http://127.0.0.1:8080/"
	$(ENV) trunk serve --release

build: setup ## Release build into dist/.
	$(ENV) trunk build --release

dist: build ## Release site as target/dist/guardview-<version>-<commit>.zip, with SHA256SUMS inside and beside it.
	scripts/dist.sh dist target/dist

lint: setup ## rustfmt check and clippy (-D warnings) for the host and for wasm32.
	$(ENV) cargo fmt --all -- --check
	$(ENV) cargo clippy --all-targets -- -D warnings
	$(ENV) cargo clippy --test office_libreoffice -- -D warnings
	$(ENV) cargo clippy $(WASM) --all-targets -- -D warnings
	$(ENV) cargo clippy $(WASM) --features page-parser --test web -- -D warnings
	$(ENV) cargo clippy $(WASM) --no-default-features --bin ingest_worker -- -D warnings

test-native: setup ## Native unit and integration tests of the pure core and the CLI.
	$(ENV) cargo test --all-targets

# The harness serves no worker module, so the page's fallback reads with a parser linked into
# the page (feature page-parser); the release build's fallback (the worker's module loaded on
# the page) is tested end to end by tests/e2e/fallback.test.js.
test-wasm: setup ## wasm-bindgen tests: the app mounted in headless Chromium.
	$(ENV) cargo test $(WASM) --features page-parser --test web

# The whole suite runs with the app's default pool (one worker per core, at most 8); the tests
# that compare the app's numbers with `guardview summary` run again with 1 and 4 workers
# (pool.test.js itself loads with 1, 2 and 4).
POOL_CHECKS := dashboard.test.js folders.test.js rollup.test.js
test-e2e: build setup-office ## Playwright end-to-end tests against the release build (board.test.js opens the board pack in LibreOffice).
	$(ENV) cargo build --bin guardview
	$(ENV) cd tests/e2e && npm test
	$(ENV) cd tests/e2e && GUARDVIEW_WORKERS=1 npm test -- $(POOL_CHECKS)
	$(ENV) cd tests/e2e && GUARDVIEW_WORKERS=4 npm test -- $(POOL_CHECKS)

ENGINES_PY := .tools/engines-venv/bin/python
test-engines: ## Org-scale SQL run for real: guardview rollup vs Spark local vs DuckDB (tests/engines).
	./scripts/setup-engines.sh
	cargo build --bin guardview
	GUARDVIEW=target/debug/guardview $(ENGINES_PY) -m pytest tests/engines -q -p no:cacheprovider

test-office: setup setup-office ## The board pack's deck and workbook opened by LibreOffice (PDF, CSV).
	$(ENV) cargo test --test office_libreoffice


test: lint test-native test-wasm test-e2e test-office test-engines ## Everything CI runs: lint, native, wasm, end-to-end, office and engine tests.
	@echo "guardview: all checks passed"

screenshots: test-e2e ## Refresh docs/screenshots/ from the end-to-end run.
	mkdir -p docs/screenshots && cp target/screenshots/*.png docs/screenshots/

BENCH_SIZES ?= 10000,100000,250000
BENCH_BIG ?= 420000
bench: build ## Browser benchmark (ingest, dashboard, filter, memory, 1 GB, bundle): table + target/bench/results.json.
	$(ENV) cargo build --release --bin guardview
	@mkdir -p target/bench-data
	@for n in $$(echo "$(BENCH_SIZES)" | tr ',' ' ') $$( [ "$(BENCH_BIG)" != 0 ] && echo "big:$(BENCH_BIG)"); do \
	  formats="json jsonl jsonl.gz"; case $$n in big:*) n=$${n#big:}; formats=jsonl;; esac; \
	  for f in $$formats; do \
	    out=target/bench-data/findings-$$n.$$f; \
	    [ -s $$out ] || { echo "guardview: generating $$out"; \
	      target/release/guardview sample --findings $$n --seed 1 --format $$f --output $$out.tmp && mv $$out.tmp $$out; }; \
	  done; \
	done
	BENCH_SIZES=$(BENCH_SIZES) BENCH_BIG=$(BENCH_BIG) node tests/bench/bench.mjs

bundle-profile: setup ## Sizes of dist/ (make build first) and twiggy's top contributors of the page's module (WHICH=worker|all).
	scripts/bundle-profile.sh $(or $(WHICH),page)

BENCH_FINDINGS ?= 1000000
bench-engines: ## guardview rollup vs DuckDB vs Spark local on one multi-GB generated tree (docs/performance.md).
	BENCH_FINDINGS=$(BENCH_FINDINGS) ./scripts/bench-engines.sh

clean: ## Remove build output (keeps the installed tools).
	rm -rf target dist
