# Housing bureau platform: local development / CI entry points.
# Everything is driven from the repo root; `make provision` sets up the machine.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

PY := .venv/bin/python
PYTEST_ARGS ?=

.PHONY: help provision up down status test unit bench bench-lottery bench-broadcast logs

help:
	@echo "make provision   install/configure PostgreSQL, RabbitMQ, .venv, var/secrets.env"
	@echo "make up          provision, then start all services (deploy.local.stack up)"
	@echo "make down        stop services, and PostgreSQL/RabbitMQ if provision started them"
	@echo "make status      show service status"
	@echo "make test        provision, then run the whole test suite (PYTEST_ARGS=...)"
	@echo "make unit        provision, then run tests not marked integration"
	@echo "make bench       provision, then the event-store and relay benchmark"
	@echo "make bench-lottery    the selection-window burst with one and two lottery processes"
	@echo "make bench-broadcast  2,000 availability-broadcast streams"
	@echo "make logs        tail the service logs in var/log"

provision:
	bash scripts/provision.sh

up: provision
	$(PY) -m deploy.local.stack up

down:
	@if [[ -x $(PY) ]]; then \
	    $(PY) -m deploy.local.stack down || echo "[down] deploy.local.stack down failed (exit $$?); continuing"; \
	else \
	    echo "[down] no .venv; no service processes to stop"; \
	fi
	@source scripts/lib.sh && stop_started_services

status:
	@[[ -x $(PY) ]] || { echo "no .venv yet: run 'make provision' or 'make up'" >&2; exit 1; }
	$(PY) -m deploy.local.stack status

# make itself exits 2 whenever a recipe fails, so the real pytest status is
# printed on failure.
test: provision
	@rc=0; $(PY) -m pytest -q $(PYTEST_ARGS) || rc=$$?; \
	if (( rc )); then echo "[make test] pytest exited with status $$rc" >&2; fi; exit $$rc

unit: provision
	@rc=0; $(PY) -m pytest -q -m "not integration" $(PYTEST_ARGS) || rc=$$?; \
	if (( rc )); then echo "[make unit] pytest exited with status $$rc" >&2; fi; exit $$rc

bench: provision
	$(PY) -m bench

bench-lottery: provision
	$(PY) -m bench.lottery

bench-broadcast: provision
	$(PY) -m bench.broadcast

logs:
	@shopt -s nullglob; files=(var/log/*.log); \
	if (( $${#files[@]} )); then tail -n 50 "$${files[@]}"; else echo "no logs in var/log/"; fi
