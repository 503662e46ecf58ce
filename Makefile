# Pegasus: the commands. `make demo` and `make test` are the whole set-up: both run
# scripts/setup first, which installs whatever is missing (see README.md).
#
#   make demo                  simulate the most complete system that exists
#   make test                  build everything (host, models, firmware), lint, run all tests
#   make build                 configure and build only
#   make lint                  verilator -Wall on every RTL module, address-literal check
#   make bench [BENCH=name]    run the benchmarks (or one), JSON in build/bench/ (never in CI)
#   make fit                   size and Fmax of single IP modules on iCE40 and ECP5 (part of bench)
#   make bitstream BOARD=b     FPGA bitstream and report: icebreaker, ulx3s-25f/45f/85f
#   make flash BOARD=b         program the board with openFPGALoader
#   make regmap                regenerate doc/memory_map.md from rtl/soc/memory_map.yaml
#   make wave FST=file         open a trace in GTKWave
#   make clean                 remove build/

BUILD      ?= build
CMAKE_DIR  := $(BUILD)/cmake
BUILD_TYPE ?= RelWithDebInfo
JOBS       ?= $(shell nproc)
PY         := .venv/bin/python
BOARD      ?= icebreaker
CTEST_ARGS ?=

.PHONY: all setup configure build test lint demo bench fit bitstream flash regmap wave clean

all: build

setup:
	@scripts/setup

$(CMAKE_DIR)/build.ninja: CMakeLists.txt | setup
	cmake -S . -B $(CMAKE_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

configure: setup $(CMAKE_DIR)/build.ninja

build: configure
	cmake --build $(CMAKE_DIR) -j $(JOBS)

lint: setup
	$(PY) scripts/lint.py

test: build lint
	ctest --test-dir $(CMAKE_DIR) --output-on-failure -j $(JOBS) $(CTEST_ARGS)

# The demo builds only what it runs (the whole tree is `make build`).
DEMO_TARGETS := pegasus pegasus-net firmware pegasus-demo pegasus-sim kernel_images

demo: configure
	cmake --build $(CMAKE_DIR) -j $(JOBS) --target $(DEMO_TARGETS)
	@echo "== the desk-area network: pegasusd on the soft core connects camera0 to a window on display0"
	$(PY) scripts/demo.py --build $(CMAKE_DIR) --out $(BUILD)/demo $(DEMO_ARGS)
	@echo "== the parts on their own: iCEBreaker core (atm_beacon) from its RTL, cells checked in C++"
	$(CMAKE_DIR)/sim_cpp/demo/pegasus-demo
	@echo "== firmware image on qemu-system-riscv32 -M virt (the SoC's memory map)"
	$(PY) scripts/qemu_run.py $(CMAKE_DIR)/firmware/hello/hello.elf
	@echo "== the same image on the Verilated Pegasus SoC (RV32IM soft core)"
	$(CMAKE_DIR)/sim_cpp/soc/pegasus-sim --max-cycles=1000000 $(CMAKE_DIR)/firmware/hello/hello.elf
	@echo "== Nemesis on the soft core: Atropos gives audio and video their slices, a hog takes the slack"
	$(CMAKE_DIR)/sim_cpp/soc/pegasus-sim --max-cycles=20000000 $(CMAKE_DIR)/kernel/kernel_sched/kernel_sched.elf

bench: configure
	cmake --build $(CMAKE_DIR) -j $(JOBS) --target benchmarks
	$(PY) scripts/run_benchmarks.py --build $(CMAKE_DIR) --out $(BUILD)/bench $(if $(BENCH),--only $(BENCH))

fit: setup
	$(PY) scripts/fpga/fit.py --out $(BUILD)/fit

bitstream: setup
	$(PY) scripts/fpga/build.py --board $(BOARD)

flash: setup
	$(PY) scripts/fpga/build.py --board $(BOARD) --flash

regmap: setup
	$(PY) scripts/gen_memory_map.py --yaml rtl/soc/memory_map.yaml --doc doc/memory_map.md

wave:
	@test -n "$(FST)" || { echo "usage: make wave FST=path/to/trace.fst"; exit 2; }
	gtkwave $(FST)

clean:
	rm -rf $(BUILD)
