# sitrep: `make demo` then `make test`. Everything runs from the project's own .venv.
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
SITREP  = $(VENV)/bin/sitrep

.PHONY: install demo test lint bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev,serve,watch,export]'
	touch $@

demo: install
	rm -f out/demo.db out/demo.db-wal out/demo.db-shm
	$(SITREP) run examples/articles --meta examples/meta.json --db out/demo.db --out out/
	@echo "open out/report.html"

lint: install
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/mypy

test: lint
	$(PY) -m pytest

bench: install
	$(PY) bench/bench.py
	$(PY) bench/bench_control.py
	$(PY) bench/bench_api.py

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache .hypothesis
