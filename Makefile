# auxeira-db: `make demo` and `make test` are all a fresh machine needs (Python 3.11+ and make).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test test-long lint format manifest bench wheel wheel-check clean services

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## demo: migrate (the embedded server when no database is configured), load a small sample, show it
demo: $(STAMP)
	$(BIN)/auxeira-db demo

## services: what the scale-out tests start themselves (PgBouncer), installed with apt if absent
services:
	@command -v pgbouncer >/dev/null 2>&1 || test -x /usr/sbin/pgbouncer || \
		$$( [ "$$(id -u)" = 0 ] || echo sudo ) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q pgbouncer || \
		echo "pgbouncer could not be installed: its tests are skipped (CI requires them)"

## test: the whole suite against AUXEIRA_DATABASE_URL / DATABASE_URL, else an embedded server
test: $(STAMP) services
	$(BIN)/pytest -q

## test-long: the suite with the property tests at 3,000 random cases each (about 15 min more)
test-long: $(STAMP)
	AUXEIRA_PROPERTY_CASES=3000 $(BIN)/pytest -q

## lint: ruff and mypy --strict
lint: $(STAMP)
	$(BIN)/ruff check auxeira_db tests bench
	$(BIN)/ruff format --check auxeira_db tests bench
	$(BIN)/mypy --strict auxeira_db

format: $(STAMP)
	$(BIN)/ruff format auxeira_db tests bench
	$(BIN)/ruff check --fix auxeira_db tests bench

## manifest: record checksums of new migration files (released ones are never rewritten)
manifest: $(STAMP)
	$(BIN)/python -c 'from auxeira_db.migrations import update_manifest; print(*update_manifest(), sep="\n")'

## bench: the benchmarks in bench/ (figures and ratios against a baseline of the same run)
bench: $(STAMP)
	$(BIN)/python bench/xirr.py
	$(BIN)/python bench/seed.py
	$(BIN)/python bench/dashboards.py
	$(BIN)/python bench/backup.py

wheel: $(STAMP)
	$(BIN)/python -m build --wheel --outdir dist .

## wheel-check: the built wheel alone in a new venv migrates the configured (else embedded) database
wheel-check: wheel
	rm -rf dist/venv && $(PYTHON) -m venv dist/venv
	dist/venv/bin/python -m pip install --quiet dist/auxeira_db-*.whl
	cd dist && venv/bin/auxeira-db migrate && venv/bin/auxeira-db doctor

clean:
	rm -rf $(VENV) dist build *.egg-info
