# The two commands a new user needs: `make site` builds the website into site/,
# `make test` runs every test. Both create .venv and install what they need.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test serve lint clean venv

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Only install (CI runs this first, then each check as its own step).
venv: $(STAMP)

site: $(STAMP)
	$(BIN)/timeline build --strict

serve: $(STAMP)
	$(BIN)/timeline serve

test: $(STAMP)
	scripts/install-browser
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n auto

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

# the build's output: site/, its folders, its caches, and the generated part of site_src/
clean:
	rm -rf site .site-* .cache site_src/.generated site_src/index.md site_src/feed.xml \
		site_src/events site_src/timeline site_src/actors site_src/places site_src/tags \
		site_src/data site_src/changes site_src/corrections site_src/changes.xml \
		site_src/search-bundles.json
