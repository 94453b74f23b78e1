# Đảng bộ số — the commands that matter: `make demo` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PY := .venv/bin/python
VENV_STAMP := .venv/.installed-$(shell sha256sum requirements.lock 2>/dev/null | cut -c1-16)
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
DEV_ENV := DANGBO_DEBUG=1 DANGBO_SECURE=0
# Two workers: CI has 2 cores, and the scope contract's two long tests then run side by side.
PYTEST_ARGS ?= -n 2

.PHONY: help demo run serve test lint typecheck imports migrations-check pytest pytest-sqlite pytest-postgres \
        chromium bench bench-imports clean

help:
	@echo "make demo   – cài đặt, tạo CSDL SQLite mẫu và chạy thử tại http://127.0.0.1:8000"
	@echo "make test   – toàn bộ kiểm thử như CI (ruff, mypy, import-linter, migrations, pytest SQLite + PostgreSQL)"
	@echo "make run    – chạy máy chủ phát triển với CSDL hiện có"
	@echo "make lint   – ruff, mypy, import-linter"
	@echo "make bench  – đo tốc độ (bench/README.md)"
	@echo "make bench-imports – chỉ đo tốc độ nhập tệp 100.000 đảng viên (bench/README.md)"

$(VENV_STAMP): requirements.lock
	@test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install --quiet --upgrade "pip==26.3"
	$(PY) -m pip install --quiet --no-deps -r requirements.lock
	@rm -f .venv/.installed-*; touch $@

venv: $(VENV_STAMP)

# Browser tests drive Debian's chromium, never a downloaded browser.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Cài chromium từ kho Debian…"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; }

demo: venv
	@mkdir -p var
	$(DEV_ENV) $(PY) manage.py migrate --noinput -v 0
	$(DEV_ENV) $(PY) manage.py seed_demo --size small
	@echo "Mở http://127.0.0.1:8000 — dừng bằng Ctrl+C"
	@$(MAKE) --no-print-directory serve

run: venv
	@mkdir -p var
	$(DEV_ENV) $(PY) manage.py migrate --noinput -v 0
	@$(MAKE) --no-print-directory serve

# The web server and, beside it, the task worker that runs large imports; Ctrl+C stops both.
serve:
	@$(DEV_ENV) $(PY) manage.py db_worker --interval 1 --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:8000

lint: venv
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(DEV_ENV) $(PY) -m mypy dangbo config conftest.py tests $(wildcard bench)
	$(DEV_ENV) .venv/bin/lint-imports

migrations-check: venv
	@mkdir -p var
	$(DEV_ENV) $(PY) manage.py makemigrations --check --dry-run

pytest-sqlite: venv chromium
	@mkdir -p test-artifacts
	env -u DATABASE_URL $(PY) -m pytest $(PYTEST_ARGS)

# PostgreSQL runs when DATABASE_URL is set or a server answers on 127.0.0.1:5432.
pytest-postgres: venv chromium
	@url="$${DATABASE_URL:-}"; \
	if [ -z "$$url" ] && $(PY) -c "import socket; socket.create_connection(('127.0.0.1', 5432), 2)" 2>/dev/null; then url="$(PG_URL)"; fi; \
	if [ -n "$$url" ]; then echo "== pytest on PostgreSQL ($$url)"; DATABASE_URL="$$url" $(PY) -m pytest $(PYTEST_ARGS); \
	else echo "== PostgreSQL not reachable: skipped"; fi

pytest: pytest-sqlite pytest-postgres

test: lint migrations-check pytest

bench: venv
	$(PY) bench/run.py
	$(PY) bench/imports.py
	$(PY) bench/documents.py
	$(PY) bench/extraction.py
	$(PY) bench/attendance.py
	$(PY) bench/evaluations.py
	$(PY) bench/evaluations.py --only postgresql --members-per-cell 85
	$(PY) bench/indicators.py

bench-imports: venv
	$(PY) bench/imports.py

clean:
	rm -rf var test-artifacts .mypy_cache .ruff_cache
