# rasd — set-up and everyday commands. Only Python 3.11+ is needed to start.
VENV   ?= .venv
PYTHON ?= python3
PY     := $(VENV)/bin/python
RASD   := $(VENV)/bin/rasd
STAMP  := $(VENV)/.installed
NNSTAMP := $(VENV)/.nn-installed

.PHONY: install install-nn demo test test-fast system-deps bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# torch (CPU) for the experimental BiLSTM-CRF and its tests; optional: when it cannot be installed
# the tests that need it are skipped and say so.
$(NNSTAMP): $(STAMP)
	$(PY) -m pip install -q -e '.[dev,nn]' && touch $(NNSTAMP) || \
	  echo "rasd: torch could not be installed; the BiLSTM-CRF tests will be skipped"

install-nn: $(NNSTAMP)

# Debian packages the tests need (PostgreSQL server, Chromium); skipped when not root or no apt.
system-deps:
	bash scripts/system-deps.sh

demo: install
	bash scripts/demo.sh

test: install install-nn system-deps
	bash scripts/test.sh

test-fast: install
	$(PY) -m pytest -q -x -m "not slow and not postgres and not browser"

bench: install
	$(PY) benchmarks/throughput.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache rasd.db
