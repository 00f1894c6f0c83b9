# OpenSpace Board. `make run` plays the demo on a simulated board; `make test` runs every test.
SWIFT ?= swift
BIN := .build/debug/openspace

.PHONY: run test bench deps build format

deps:
	@deploy/install-build-deps.sh

build: deps
	$(SWIFT) build --product openspace

run: build
	$(BIN) demo --output out/demo
	@echo "Frames of the demo: out/demo/frames (open out/demo/frames/latest.png)."
	@echo "Your own board: $(BIN) board --simulate --start 2027-05-14T09:30   (type codes, see README.md)"

# Every test is XCTest; --disable-swift-testing keeps the empty Swift Testing summary out of the output.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-swift-testing

bench: deps
	$(SWIFT) build -c release --product openspace
	.build/release/openspace bench

format:
	swift-format format -i -r Sources Tests Package.swift
