# IMT Monitor: `make demo` runs the whole pipeline on the local demo web; `make test` runs every test.
# Both set up everything on a fresh machine (virtualenv, dependencies, Elasticsearch) and are idempotent.

PYTHON ?= python3
VENV   ?= .venv
IMT    := $(VENV)/bin/imt
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: setup es demo test test-unit test-future bench lint clean-var

setup: $(STAMP)

$(STAMP): pyproject.toml
	@command -v mvn >/dev/null && command -v unzip >/dev/null || { \
	  echo "Installing maven and unzip (needed to fetch Elasticsearch) ..."; \
	  apt-get update -q && apt-get install -y -q maven unzip; }
	@command -v chromium >/dev/null || { apt-get update -q && apt-get install -y -q chromium; }
	@command -v redis-server >/dev/null || { apt-get update -q && apt-get install -y -q redis-server; }
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --progress-bar on -q --upgrade pip
	$(VENV)/bin/pip install --progress-bar on -e '.[dev]'
	@touch $(STAMP)

es: setup
	$(IMT) es install
	$(IMT) es start

demo: es
	$(IMT) demo run $(if $(NO_SERVE),--no-serve,--serve)

test: es
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -ra

# the tests that need no running service (no Elasticsearch, Redis or Chromium): about 770 of them in a minute
test-unit: setup
	$(PY) -m pytest -ra -m "not integration"

# the whole suite again with the clock a year ahead (libfaketime for pytest and everything it starts; the node
# keeps the real clock): a test that depends on today's date fails here. .ci/run runs it after `make test`.
FUTURE ?= +365d
test-future: es
	@command -v faketime >/dev/null || { apt-get update -q && apt-get install -y -q faketime; }
	faketime -f '$(FUTURE)' $(PY) -m pytest -ra -p no:cacheprovider

# full sizes: bench/focus_bench.py (--bigmarket 20000, ~6 min); bench/memory_bench.py (--pages 170000: ~105,000 pages crawled, 30+ min);
# bench/search_bench.py builds its 1,000,000-document index once (~6 min) and reuses it
bench: es
	$(PY) bench/run.py
	$(PY) bench/distributed_bench.py
	$(PY) bench/evidence_bench.py
	$(PY) bench/warc_bench.py
	$(PY) bench/demo_quality.py
	$(PY) bench/classifier_bench.py
	$(PY) bench/external_eval.py
	$(PY) bench/search_bench.py
	$(PY) bench/web_bench.py
	$(PY) bench/cli_bench.py
	$(PY) bench/focus_bench.py --bigmarket 5000
	$(PY) bench/memory_bench.py --pages 20000 --max-seconds 300

lint: setup
	$(VENV)/bin/ruff check .

clean-var:
	-$(IMT) es remove --yes
	rm -rf var
