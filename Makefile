# Set-up in two commands: `make demo` and `make test` (see README.md).
# `make install` is the idempotent step both use: it creates .venv when missing and
# re-installs only when pyproject.toml, setup.py or the compiled walk's source changed since
# the last install (the install builds crawler/extract/_walk.pyx in place; without a C
# compiler it only warns and the Python walk is used).

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: install install-test demo test lint typecheck unit bench clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "unionwatch needs Python 3.11+; set PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"

BUILD_INPUTS := pyproject.toml setup.py crawler/extract/_walk.pyx

$(STAMP): $(BUILD_INPUTS) | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@$(BIN)/python -c 'from crawler.extract.walk import WALK_IMPLEMENTATION as w; print("unionwatch page walk:", w)'
	@touch $@

$(TEST_STAMP): $(BUILD_INPUTS) $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

install: $(STAMP)

install-test: $(TEST_STAMP)

demo: install
	$(BIN)/unionwatch demo

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install-test
	$(BIN)/mypy

unit: install-test
	$(BIN)/python -m pytest

test: lint typecheck unit

bench: install-test
	$(BIN)/python -m bench.extract
	$(BIN)/python -m bench.store

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build *.egg-info
	rm -f crawler/extract/_walk.c crawler/extract/_walk.*.so
