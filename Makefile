# OpenSpace Board. `make run` starts the hub and a simulated board; `make test` runs every test.
SWIFT ?= swift
BIN := .build/debug/openspace

.PHONY: run test test-arm64 bench fuzz api-fuzz chaos power-cuts deps build format deb deb-arm64

deps:
	@deploy/install-build-deps.sh

build: deps
	$(SWIFT) build --product openspace

# The hub (SQLite) and a simulated board synced to it: the scripted morning, then your own scans.
run: build
	$(BIN) demo --live --output out/demo

# Every test is XCTest; --disable-swift-testing keeps the empty Swift Testing summary out of the output.
# The hub's PostgreSQL store tests get a throwaway server (Tests/postgres/with-test-server.sh), which
# is stopped and removed afterwards whatever the tests' outcome; make test exits with the tests' status.
# ChaosTests runs one short fault campaign per store (24 faults); make chaos runs the long ones.
# The release build is the one DeployTests packages and installs into a clean Debian root.
# UnitRigTests needs systemd as the rig's PID 1, which only the aarch64 rig has: make test-arm64.
# Last, the arm64 cross build with Swift 6.2.3 (deploy/arm64/cross-build.sh --check: incremental in
# /var/cache/openspace-arm64, about 3 minutes after a fresh clone; 25 the first time on a machine).
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) build -c release --static-swift-stdlib --product openspace
	Tests/postgres/with-test-server.sh $(SWIFT) test --skip-build --disable-swift-testing --skip UnitRigTests
	deploy/arm64/cross-build.sh --check

# The aarch64 rig (hardware/rig/arm64): the arm64 package from make deb-arm64 installed by apt in a
# trixie arm64 root, every rig job again in qemu-system-aarch64 with the package's own binary, and
# the board's unit started by that root's systemd.
ARM64_DEB = out/deb/openspace_$(shell sed -n 's/.*static let current = "\(.*\)".*/\1/p' Sources/BoardModel/Version/OpenSpaceVersion.swift)_arm64.deb
test-arm64: deps deb-arm64
	$(SWIFT) build --build-tests
	OPENSPACE_RIG_ARCH=arm64 OPENSPACE_RIG_DEB=$(CURDIR)/$(ARM64_DEB) \
		$(SWIFT) test --skip-build --disable-swift-testing --filter RigTests --skip PowerCutTests

# The hub's PostgreSQL figure gets a throwaway server as make test does; when none can start (no
# PostgreSQL installed), the bench says the figure was not measured and measures the rest.
bench: deps
	$(SWIFT) build -c release --static-swift-stdlib --product openspace
	@pgdata=$$(mktemp -d /tmp/openspace-bench-pg.XXXXXX) && \
	trap 'Tests/postgres/pg-test-server.sh stop "$$pgdata"; rm -rf "$$pgdata"' EXIT && \
	trap 'exit 130' INT TERM && \
	if url=$$(Tests/postgres/pg-test-server.sh start "$$pgdata"); then \
		echo "PostgreSQL for the hub's bench: $$url"; \
	else \
		url=; echo "PostgreSQL did not start (see above): the hub's PostgreSQL figure is skipped"; \
	fi && \
	OPENSPACE_BENCH_POSTGRES_URL="$$url" .build/release/openspace bench

# Coverage-guided fuzzing of every parser with libFuzzer (fuzz/run.sh): FUZZ_RUNS executions per
# target, FUZZ_TARGETS to pick some (all by default). make test runs the same targets briefly.
FUZZ_RUNS ?= 10000000
FUZZ_TARGETS ?=
fuzz: deps
	fuzz/run.sh $(FUZZ_RUNS) $(FUZZ_TARGETS)

# schemathesis (from PyPI, into .build-fuzz/schemathesis) sends the running hub requests generated
# from its OpenAPI description, deploy/openapi.yaml (fuzz/api.sh): API_FUZZ_EXAMPLES per operation.
# OpenAPITests in make test checks the description against the hub.
API_FUZZ_EXAMPLES ?= 100
api-fuzz: deps
	@deploy/install-build-deps.sh python3-venv curl
	$(SWIFT) build --product openspace
	fuzz/api.sh $(API_FUZZ_EXAMPLES)

# The fault campaign (Tests/HubTests/Chaos, as root: network namespaces): a hub and five boards under
# CHAOS_FAULTS seeded faults per run (partitions, slow and lossy links, SIGKILL and SIGSTOP of boards
# and hub, PostgreSQL restarts), CHAOS_RUNS runs on SQLite and as many on PostgreSQL. Each run prints
# its seed; CHAOS_SEED=N replays it (the runs after it take N+1, N+2, ...).
CHAOS_FAULTS ?= 200
CHAOS_RUNS ?= 5
CHAOS_SEED ?=
chaos: deps
	$(SWIFT) build --build-tests
	OPENSPACE_CHAOS_FAULTS=$(CHAOS_FAULTS) OPENSPACE_CHAOS_RUNS=$(CHAOS_RUNS) OPENSPACE_CHAOS_SEED=$(CHAOS_SEED) \
		Tests/postgres/with-test-server.sh $(SWIFT) test --skip-build --disable-swift-testing \
		--filter ChaosTests.testNothingAcknowledgedIsLost

# Power cuts (Tests/RigTests/PowerCutTests): the x86 rig's VM, with the board's journal on the guest's
# own ext4 disk, killed while it acknowledges scans and booted again, POWER_CUTS times (make test: 3).
# Each run prints its seed; POWER_CUT_SEED=N replays when the cuts fall.
POWER_CUTS ?= 50
POWER_CUT_SEED ?=
power-cuts: deps
	$(SWIFT) build --build-tests
	OPENSPACE_POWER_CUTS=$(POWER_CUTS) OPENSPACE_POWER_CUT_SEED=$(POWER_CUT_SEED) \
		$(SWIFT) test --skip-build --disable-swift-testing --filter PowerCutTests

# The Debian package (out/deb/openspace_VERSION_ARCH.deb), from a release build with the Swift runtime
# linked in, so a board needs no Swift installed. deploy/PACKAGING.md says what it holds.
deb: deps
	$(SWIFT) build -c release --static-swift-stdlib --product openspace
	deploy/build-deb.sh .build/release/openspace out/deb

# The arm64 package for a Raspberry Pi (out/deb/openspace_VERSION_arm64.deb), cross-compiled here with
# Debian's Swift 6.2.3 in a sid root, against a trixie arm64 sysroot; both are made once and kept in
# /var/cache/openspace-arm64 (ARM64_CACHE). deploy/README.md, section 5, says how and what it needs.
deb-arm64:
	deploy/arm64/cross-build.sh out/deb

format:
	swift-format format -i -r Sources Tests Package.swift
