# The README's two commands: `make demo` (main job on the bundled demo data) and `make test`.
# Each creates the virtual environment from the pinned lock file when it is missing or stale.
VENV ?= .venv
# The interpreter the environment is built on (CPython 3.11). Any will do; on one built with PGO and LTO, as
# Debian's /usr/bin/python3.11 and the official Docker images are, the HTML ratio of benchmarks/parse_speed.py
# measured some 9% lower than on a plain source build such as pyenv's: `make setup PYTHON=/usr/bin/python3.11`.
PYTHON ?= python3
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test lint setup system-deps

$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check uv==0.9.30
	$(VENV)/bin/uv pip install -q --compile-bytecode --python $(PY) -r requirements.lock
	$(VENV)/bin/uv pip install -q --python $(PY) --no-deps -e .
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/gongkai demo

lint: $(STAMP)
	$(VENV)/bin/ruff check .

# Converters the document extractors call (antiword, catdoc, LibreOffice, CJK fonts); installs only when
# missing and running as root (CI), otherwise says what to install.
system-deps:
	./scripts/install-system-deps.sh

test: $(STAMP) system-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest
