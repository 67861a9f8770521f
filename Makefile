# Ingestion Playground — the two commands are `make serve` and `make test`.
GO      ?= go
PORT    ?= 8080
WASMDIR := $(shell $(GO) env GOROOT)/lib/wasm
FUZZTIME ?= 15s

.PHONY: serve dist test deps vet test-native fuzz test-wasm test-browser bench bench-core bench-browser

## serve: build the engine and the page, and serve them on 127.0.0.1:$(PORT)
serve:
	$(GO) run ./site serve -addr 127.0.0.1:$(PORT)

## dist: write the deployable static folder to site/dist
dist:
	$(GO) run ./site build -out site/dist

## test: install what the tests need, then run every test: native, fuzz, WASM (Node) and browser (Chromium)
test: deps vet test-native fuzz test-wasm test-browser

deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then \
		echo "installing Chromium and Node.js for the browser and WASM tests (apt-get)"; \
		SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium nodejs >/dev/null; \
	fi
	$(GO) mod download

vet:
	@out=$$(gofmt -l core wasm site); if [ -n "$$out" ]; then echo "gofmt needed: $$out"; exit 1; fi
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./wasm/...

test-native:
	$(GO) test ./core/... ./wasm/...

fuzz:
	$(GO) test ./core -run '^$$' -fuzz '^FuzzReadCSV$$' -fuzztime $(FUZZTIME)
	$(GO) test ./core -run '^$$' -fuzz '^FuzzParseRules$$' -fuzztime $(FUZZTIME)
	$(GO) test ./core -run '^$$' -fuzz '^FuzzPattern$$' -fuzztime $(FUZZTIME)
	$(GO) test ./wasm/api -run '^$$' -fuzz '^FuzzCall$$' -fuzztime $(FUZZTIME)

test-wasm:
	PATH="$(WASMDIR):$$PATH" GOOS=js GOARCH=wasm $(GO) test ./core/... ./wasm/...

test-browser:
	$(GO) test -count=1 ./site/...

## bench: the engine's benchmarks at 10k and 1M rows, then the browser benchmarks
bench: bench-core bench-browser

bench-core:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 5x ./core/...

bench-browser: deps
	$(GO) test -run '^$$' -bench . -benchtime 3x ./site/...
