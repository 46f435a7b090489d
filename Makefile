# Portail Famille: `make run` starts everything, `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help

KC_VERSION := $(shell sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' keycloak/pom.xml)
KC_HOME := .cache/keycloak-$(KC_VERSION)
VENV := .venv
PY := $(VENV)/bin/python
MVN := mvn -q -B -f keycloak/pom.xml
JAR := keycloak/target/portail-famille-keycloak.jar
JAVA_SOURCES := $(shell find keycloak/src/main -type f)
# The official FranceConnect button's stylesheet (@gouvfr/dsfr from npm), served by the login theme.
FC_BUTTON_CSS := themes/portail-famille/login/resources/vendor/dsfr/connect.standalone.css

.PHONY: help run stop test test-java test-python test-unit test-integration test-browser bench deps keycloak-dist extension \
	keycloak-version lock clean prod-like prod-like-stop test-prod prod-deps

help:
	@echo "make run    set up and start Keycloak, MailDev, the dossier bridge, its worker and the sample city apps (Ctrl-C stops them)"
	@echo "make stop   stop what a 'make run' started"
	@echo "make test   run every test (Java, Python, integration, browser)"
	@echo "make test-unit         Python unit tests only: seconds, no Java, Keycloak, Chromium or root"
	@echo "make test-integration  Python tests against the real stack (starts it, or reuses a running one)"
	@echo "make test-browser      headless Chromium tests against the real stack"
	@echo "make bench  run the benchmarks"
	@echo "make lock   regenerate requirements/*.txt (hashed lock files) after changing pyproject.toml"
	@echo "make prod-like       the production topology on this machine (TLS proxy, 2 Keycloak nodes, 2 bridges)"
	@echo "make prod-like-stop  stop what a 'make prod-like' started"
	@echo "make test-prod       the acceptance tests against the production-like stack"

run: deps keycloak-dist extension
	$(PY) -m devstack run

stop:
	@if [ -x $(PY) ]; then $(PY) -m devstack stop; fi

test: deps keycloak-dist test-java test-python

test-java:
	$(MVN) verify

test-python: deps keycloak-dist extension
	scripts/install-system-deps.sh chromium xmlsec1
	$(PY) -m pytest

# One tier each (markers given by folder in tests/conftest.py). The unit tier
# needs only the Python packages: no Java build, no system package, no root.
# One worker per core; a module's tests stay together, so its module-scoped fixtures run once.
# The plugins the other tiers need (Schemathesis, Hypothesis, Locust) are not loaded.
test-unit: deps
	PYTEST_DISABLE_PLUGIN_AUTOLOAD=1 $(PY) -m pytest -m unit -p xdist --numprocesses=auto --dist=loadfile tests/unit

test-integration: deps keycloak-dist extension
	scripts/install-system-deps.sh xmlsec1
	$(PY) -m pytest -m integration

test-browser: deps keycloak-dist extension
	scripts/install-system-deps.sh chromium
	$(PY) -m pytest -m browser

# The production topology without containers (docs/operations.md).
prod-like: prod-deps
	$(PY) -m prodstack run

prod-like-stop:
	@if [ -x $(PY) ]; then $(PY) -m prodstack stop; fi

test-prod: prod-deps
	$(PY) -m pytest tests/prod

prod-deps: deps keycloak-dist extension
	scripts/install-system-deps.sh postgresql redis-server haproxy

bench: prod-deps
	$(VENV)/bin/pip install -q --require-hashes -r requirements/bench.txt
	$(PY) -m bench --write-docs

deps: $(VENV)/.installed node_modules/.installed $(FC_BUTTON_CSS)

# Exactly the locked versions, each checked against its hash (requirements/, `make lock`).
$(VENV)/.installed: pyproject.toml requirements/build.txt requirements/test.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --require-hashes -r requirements/build.txt -r requirements/test.txt
	$(VENV)/bin/pip install -q --no-deps --no-build-isolation -e .
	touch $@

# Regenerate the lock files after a change to pyproject.toml's dependencies (needs the network).
UV_VERSION := 0.13.9
LOCK := .cache/uv/bin/uv pip compile --quiet --no-header --generate-hashes --universal --python-version 3.11
lock:
	python3 -m venv .cache/uv && .cache/uv/bin/pip install -q uv==$(UV_VERSION)
	$(LOCK) requirements/build.in -o requirements/build.txt
	$(LOCK) pyproject.toml -o requirements/bridge.txt
	$(LOCK) pyproject.toml --extra test -o requirements/test.txt
	$(LOCK) pyproject.toml --extra test --extra bench -o requirements/bench.txt

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Copied unchanged (FranceConnect's rules forbid any change to its button).
$(FC_BUTTON_CSS): node_modules/.installed
	mkdir -p $(dir $@)
	cp node_modules/@gouvfr/dsfr/standalone/component/connect/connect.standalone.css $@

keycloak-dist: $(KC_HOME)/bin/kc.sh

# The distribution is fetched by Maven (cached in ~/.m2) and unpacked once.
$(KC_HOME)/bin/kc.sh: keycloak/pom.xml
	$(MVN) dependency:unpack@keycloak-dist
	touch $@

extension: $(JAR)

$(JAR): keycloak/pom.xml $(JAVA_SOURCES) node_modules/.installed
	$(MVN) -DskipTests package

keycloak-version:
	@echo $(KC_VERSION)

clean:
	rm -rf keycloak/target .run
