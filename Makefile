# Two commands do everything on a fresh machine (Python 3.11 + the package registries):
#   make build   set up .venv from requirements.lock, land the raw data, build and test the warehouse
#   make test    lint (ruff, sqlfluff) + pytest, which builds the warehouse on the real corpus
#                (../shared/data/raw when present) and on synthetic data, with every dbt test
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: build test setup clean

$(BIN)/nti: pyproject.toml requirements.lock
	@echo "==> setting up $(VENV) with $(PYTHON) and the pinned dependencies (requirements.lock)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

setup: $(BIN)/nti

build: $(BIN)/nti
	$(BIN)/nti build

test: $(BIN)/nti
	bash scripts/run_tests.sh

clean:
	rm -rf target logs data/synthetic
