# sotay: make site | make test | make bench
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
APT_PACKAGES := chromium libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-liberation
# axe-core (accessibility checks in the browser tests), kept outside the repository;
# tests/axe.py reads the same folder and version.
AXE_DIR ?= $(HOME)/.cache/sotay-test
AXE_VERSION := 4.14.1
AXE := $(AXE_DIR)/node_modules/axe-core/axe.min.js

.PHONY: site test bench check serve clean golden fuzz system-packages

$(STAMP): pyproject.toml
	@# Debian's python3 ships venv separately (python3-venv).
	@$(PYTHON) -c "import ensurepip, venv" 2>/dev/null || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq python3-venv; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(TEST_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

site: $(STAMP)
	$(BIN)/sotay build

check: $(STAMP)
	$(BIN)/sotay check

serve: $(STAMP)
	$(BIN)/sotay serve

system-packages:
	@missing=""; \
	for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages:$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

$(AXE):
	@command -v npm >/dev/null 2>&1 || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq npm; }
	npm install --prefix $(AXE_DIR) --no-audit --no-fund --silent axe-core@$(AXE_VERSION)

test: $(TEST_STAMP) system-packages $(AXE)
	$(BIN)/python -m pytest

BENCH_STAMP := $(VENV)/.installed-bench
$(BENCH_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[bench]'
	touch $@

bench: $(BENCH_STAMP) system-packages
	$(BIN)/python -m bench.bench

# A longer fuzz of the loader and checker than make test runs (SOTAY_FUZZ_EXAMPLES=N to change).
FUZZ_EXAMPLES ?= 5000
fuzz: $(TEST_STAMP)
	SOTAY_FUZZ_EXAMPLES=$${SOTAY_FUZZ_EXAMPLES:-$(FUZZ_EXAMPLES)} $(BIN)/python -m pytest -p no:cacheprovider tests/test_fuzz.py

# Refresh the expected-output (golden) files after an intended change.
golden: $(TEST_STAMP)
	SOTAY_REFRESH_GOLDEN=1 $(BIN)/python -m pytest tests -k golden

clean:
	rm -rf site build .cache bench-results.json
