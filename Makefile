# 两条命令：make run（建环境、迁移、演示数据、启动）与 make test（全部检查与测试）。
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# pytest-xdist: one worker per logical CPU, tests handed out as workers free up
# (worksteal); PYTEST_WORKERS=0 runs the suite in this one process.
PYTEST_WORKERS ?= logical
TEST_ENV := DJANGO_SETTINGS_MODULE=config.settings.test

.PHONY: install venv run serve test lint imports format messages clean bench-smoke

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# The virtual environment and the project's packages only (CI makes it while apt
# installs the system packages).
venv: $(STAMP)

# The poster PDFs' system packages (pango, a CJK font) where this machine lets
# us install them; otherwise a message saying what to run.
install: $(STAMP)
	scripts/pdf_system_packages.sh

# The server and a background-job worker beside it (manage.py db_worker); Ctrl+C
# stops both.
run: install
	@# Django's own migrate output is English: quiet, with one line in Chinese.
	$(BIN)/python manage.py migrate --noinput --verbosity 0
	@echo "数据库结构已更新到最新。"
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py check_posters
	scripts/serve_with_worker.sh $(BIN)/python $(HOST):$(PORT)

serve: install
	$(BIN)/python manage.py check_posters
	scripts/serve_with_worker.sh $(BIN)/python $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint imports
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(TEST_ENV) $(BIN)/python manage.py check
	$(TEST_ENV) $(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

# Every benchmark in its smoke mode (bench/smoke.py, bench/README.md): tiny sizes,
# a check that each still runs, nothing kept. On PostgreSQL with
# BENCH_DATABASE_URL=postgres://…/bench_…, Elasticsearch with ELASTICSEARCH_URL.
bench-smoke: install
	$(BIN)/python bench/smoke.py

# The layering (docs/architecture.md): contracts in pyproject.toml.
imports: install
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: install
	$(BIN)/python manage.py update_messages

clean:
	rm -rf var test-artifacts
