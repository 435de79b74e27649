# rulecat: `make site` builds the documentation site from the sample catalog,
# `make test` runs every test. Both work on a fresh clone.
GO        ?= go
SHARED    ?= ../shared
STATICCHECK_VERSION ?= v0.8.2

.PHONY: all build site test lint bench generate attack tables clean docs lint-rules

all: build

build:
	$(GO) build -o bin/rulecat ./cmd/rulecat

site: build
	./bin/rulecat build rules -o site

test:
	$(GO) test ./...

# docs/checks.md is where SARIF helpUri points by default.
docs: build
	./bin/rulecat checks --markdown > docs/checks.md

# Lint the sample catalog.
lint-rules: build
	./bin/rulecat lint rules

lint:
	gofmt -l . | grep -v testdata | (! grep .)
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) ./...

bench:
	$(GO) test -run='^$$' -bench=. -benchmem ./...

# bench-peers: our KQL parser against kqlparser and the official parser, one run, one core (bench/README.md).
.PHONY: bench-peers
bench-peers:
	SHARED=$(abspath $(SHARED)) bench/run.sh

generate attack tables:
	$(GO) generate ./...

clean:
	rm -rf bin site
