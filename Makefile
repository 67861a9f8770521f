# Ingestion Playground — the two commands are `make serve` and `make test`.
GO      ?= go
PORT    ?= 8080
WASMDIR := $(shell $(GO) env GOROOT)/lib/wasm
# Fuzzing runs a count of inputs per target (about 15 s each here), not a
# duration: Go 1.26's fuzz coordinator can fail a duration-bounded run with
# "context deadline exceeded" at the deadline when its workers are busy
# (go.dev/issue/75804). FUZZTIME=60s (or 1000000x) overrides all four.
# A new failing or interesting input is minimised for 5 s at most (Go's
# default, 60 s each, once made a 15-s run take 3 minutes).
FUZZ_CSV ?= 80000x
FUZZ_RULES ?= 150000x
FUZZ_PATTERN ?= 150000x
FUZZ_CALL ?= 150000x
ifdef FUZZTIME
FUZZ_CSV := $(FUZZTIME)
FUZZ_RULES := $(FUZZTIME)
FUZZ_PATTERN := $(FUZZTIME)
FUZZ_CALL := $(FUZZTIME)
endif

# make test installs every outside tool the tests run (make deps), so a
# missing one fails them; a plain `go test ./...` skips those tests instead,
# saying how to install the tool.
export PLAYGROUND_TOOLS := required

.PHONY: serve dist test test-fast deps vet test-native fuzz test-wasm test-browser bench bench-core bench-browser

## serve: build the engine and the page, and serve them on 127.0.0.1:$(PORT)
serve:
	$(GO) run ./site serve -addr 127.0.0.1:$(PORT)

## dist: write the deployable static folder to site/dist
dist:
	$(GO) run ./site build -out site/dist

## test: install what the tests need, then run every test: vet and lint, native, fuzz, WASM (Node) and browser (Chromium)
test: deps vet test-native fuzz test-wasm test-browser

## test-fast: the engine's own tests, natively (no tools to install): the edit loop
test-fast:
	$(GO) test ./core ./core/internal/... ./core/profile ./core/quality ./core/sales ./core/table ./core/workload
	$(GO) test ./core/export -run 'Contract'

AXE_VERSION := 4.14.1
BIOME_VERSION := 2.6.9
DUCKDB_VERSION := 1.5.6-r.1
AXE := site/.deps/node_modules/axe-core/axe.min.js
ARQUERO_VERSION := 8.0.3
ARQUERO := site/.deps/arquero/arquero-$(ARQUERO_VERSION).min.js
PAPA_VERSION := 5.7.1
PAPA := site/.deps/papaparse/papaparse-$(PAPA_VERSION).min.js

deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then \
		echo "installing Chromium and Node.js for the browser and WASM tests (apt-get)"; \
		SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium nodejs $$(command -v npm >/dev/null 2>&1 || echo npm) >/dev/null; \
	fi
	@# axe-core, the accessibility checker the browser tests inject, and Biome, the page's JavaScript
	@# formatter and linter (test only: never part of the page). One npm install for both: npm --no-save
	@# removes what an install does not name.
	@[ -f $(AXE) ] && grep -q '"version": "$(AXE_VERSION)"' site/.deps/node_modules/axe-core/package.json && \
		grep -q '"version": "$(BIOME_VERSION)"' site/.deps/node_modules/@biomejs/biome/package.json 2>/dev/null || \
		npm install --prefix site/.deps --no-save --no-audit --no-fund --loglevel=error axe-core@$(AXE_VERSION) @biomejs/biome@$(BIOME_VERSION)
	@# arquero's browser build, the JavaScript library the W1 benchmark compares with (test only: never part of the page)
	@[ -f $(ARQUERO) ] || { mkdir -p site/.deps/arquero && cd site/.deps/arquero && \
		npm pack --silent --pack-destination . arquero@$(ARQUERO_VERSION) >/dev/null && \
		tar -xzf arquero-$(ARQUERO_VERSION).tgz package/dist/arquero.min.js && mv package/dist/arquero.min.js arquero-$(ARQUERO_VERSION).min.js && \
		rm -rf package arquero-$(ARQUERO_VERSION).tgz; }
	@# PapaParse's browser build, the W1 benchmark's other JavaScript peer (test only: never part of the page)
	@[ -f $(PAPA) ] || { mkdir -p site/.deps/papaparse && cd site/.deps/papaparse && \
		npm pack --silent --pack-destination . papaparse@$(PAPA_VERSION) >/dev/null && \
		tar -xzf papaparse-$(PAPA_VERSION).tgz package/papaparse.min.js && mv package/papaparse.min.js papaparse-$(PAPA_VERSION).min.js && \
		rm -rf package papaparse-$(PAPA_VERSION).tgz; }
	@# pandas, for the exported pandas programs (Debian's, the version the exports name)
	@/usr/bin/python3 -c 'import pandas' 2>/dev/null || { \
		echo "installing pandas for the export tests (apt-get)"; \
		SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq python3-pandas >/dev/null; }
	@# DuckDB, for the exported SQL scripts (its Node.js package: the command line is not packaged here)
	@[ -f core/export/.deps/node_modules/@duckdb/node-api/package.json ] && grep -q '"version": "$(DUCKDB_VERSION)"' core/export/.deps/node_modules/@duckdb/node-api/package.json || \
		npm install --prefix core/export/.deps --no-save --no-audit --no-fund --loglevel=error @duckdb/node-api@$(DUCKDB_VERSION)
	@# Apache Beam's Go SDK, for the exported Beam programs: a module of its own under testdata,
	@# so the playground's module never builds it
	cd core/export/testdata/beam && $(GO) mod download
	$(GO) mod download

vet:
	@out=$$(gofmt -l core wasm site); if [ -n "$$out" ]; then echo "gofmt needed: $$out"; exit 1; fi
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./core/... ./wasm/...
	@# The page's JavaScript: formatted (160 columns) and linted by Biome (site/biome.json);
	@# `cd site && .deps/node_modules/.bin/biome check --write .` fixes what it can.
	cd site && .deps/node_modules/.bin/biome ci --colors=off .

# The export tests run every exported program for real (pandas, DuckDB, Beam on
# Prism): about 12 minutes here alone, far past go test's default 10-minute limit.
test-native:
	$(GO) test -timeout 50m ./core/... ./wasm/...

fuzz:
	$(GO) test ./core/table -run '^$$' -fuzz '^FuzzReadCSV$$' -fuzztime $(FUZZ_CSV) -fuzzminimizetime 5s
	$(GO) test ./core/quality -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZ_RULES) -fuzzminimizetime 5s
	$(GO) test ./core/quality -run '^$$' -fuzz '^FuzzPattern$$' -fuzztime $(FUZZ_PATTERN) -fuzzminimizetime 5s
	$(GO) test ./wasm/api -run '^$$' -fuzz '^FuzzCall$$' -fuzztime $(FUZZ_CALL) -fuzzminimizetime 5s

test-wasm:
	PATH="$(WASMDIR):$$PATH" GOOS=js GOARCH=wasm $(GO) test ./core/... ./wasm/...

test-browser:
	$(GO) test -count=1 -timeout 45m ./site/...

## bench: the engine's benchmarks at 10k and 1M rows, then the browser benchmarks
bench: bench-core bench-browser

bench-core:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 5x ./core/...

bench-browser: deps
	$(GO) test -run '^$$' -bench . -benchtime 3x ./site/...
