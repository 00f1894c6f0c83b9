# OpenSpace Board. `make run` starts the hub and a simulated board; `make test` runs every test.
SWIFT ?= swift
BIN := .build/debug/openspace

.PHONY: run test bench deps build format

deps:
	@deploy/install-build-deps.sh

build: deps
	$(SWIFT) build --product openspace

# The hub (SQLite) and a simulated board synced to it: the scripted morning, then your own scans.
run: build
	$(BIN) demo --live --output out/demo

# Every test is XCTest; --disable-swift-testing keeps the empty Swift Testing summary out of the output.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-swift-testing

bench: deps
	$(SWIFT) build -c release --product openspace
	.build/release/openspace bench

format:
	swift-format format -i -r Sources Tests Package.swift
