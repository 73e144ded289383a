# Build, preview, test and publish the guide. `make help` lists the targets.

PY_SYSTEM ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
PELICAN := $(VENV)/bin/pelican
INPUTDIR := content
OUTPUTDIR ?= output
DISTDIR ?= dist
CONFFILE := pelicanconf.py
PUBLISHCONF := publishconf.py
PELICANOPTS ?=
# Warnings are errors: nothing is silently dropped from the guide.
STRICT := --fatal warnings
PORT ?= 8000
SITEURL ?=
export SITEURL

# Build into a fresh folder beside OUTPUTDIR; replace OUTPUTDIR only when the build
# (with its checks) succeeded, so a failed build leaves the previous site untouched.
define atomic_build
	@rm -rf "$(OUTPUTDIR).new"
	@$(PELICAN) "$(INPUTDIR)" -o "$(OUTPUTDIR).new" -s $(1) $(STRICT) $(PELICANOPTS) $(2) \
	  || { rm -rf "$(OUTPUTDIR).new"; echo "Build failed: $(OUTPUTDIR)/ was left as it was." >&2; exit 1; }
	@rm -rf "$(OUTPUTDIR).old"
	@if [ -d "$(OUTPUTDIR)" ]; then mv "$(OUTPUTDIR)" "$(OUTPUTDIR).old"; fi
	@mv "$(OUTPUTDIR).new" "$(OUTPUTDIR)" && rm -rf "$(OUTPUTDIR).old"
	@echo "Built $(OUTPUTDIR)/ (open $(OUTPUTDIR)/index.html)"
endef

.PHONY: help html clean serve devserver publish pdf offline test bench

help:
	@echo "make html       build the site into $(OUTPUTDIR)/ (creates $(VENV) if needed)"
	@echo "make serve      serve $(OUTPUTDIR)/ at http://localhost:$(PORT)"
	@echo "make devserver  rebuild on every change and serve at http://localhost:$(PORT)"
	@echo "make pdf        build the site with the PDF leaflets (needs Chromium)"
	@echo "make offline    build the site and zip it into $(DISTDIR)/ for use without internet"
	@echo "make publish SITEURL=https://example.org/guides   build the site for a live host"
	@echo "make test       run every test (builds, browser, validator)"
	@echo "make bench      measure page speed and build cost; writes bench/RESULTS.md"
	@echo "make clean      remove $(OUTPUTDIR)/, $(DISTDIR)/ and caches"

# The virtual environment is (re)made whenever a requirements file changes.
$(VENV)/.installed: requirements.txt
	@test -x "$(PY)" || $(PY_SYSTEM) -m venv "$(VENV)"
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch "$@"

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch "$@"

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	@touch "$@"

html: $(VENV)/.installed
	$(call atomic_build,$(CONFFILE))

pdf: $(VENV)/.installed
	$(call atomic_build,$(CONFFILE),-e PDF_EDITION=true)

offline: $(VENV)/.installed
	$(call atomic_build,$(CONFFILE),-e 'OFFLINE_ZIP_DIR="$(DISTDIR)"' 'PDF_EDITION="auto"')

publish: $(VENV)/.installed
	@test -n "$(SITEURL)" || { echo "make publish needs the site's address, e.g.: make publish SITEURL=https://example.org/guides" >&2; exit 2; }
	$(call atomic_build,$(PUBLISHCONF))

serve: $(VENV)/.installed
	$(PELICAN) --listen --port $(PORT) -o "$(OUTPUTDIR)" -s $(CONFFILE)

devserver: $(VENV)/.installed
	$(PELICAN) --autoreload --listen --port $(PORT) "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s $(CONFFILE) $(PELICANOPTS)

test: $(VENV)/.installed-dev node_modules/.installed
	$(PY) -m pytest $(PYTESTOPTS)

bench/node_modules/.installed: bench/package.json bench/package-lock.json
	npm ci --prefix bench --no-audit --no-fund
	@touch "$@"

bench: $(VENV)/.installed-dev bench/node_modules/.installed
	$(PY) bench/run.py

clean:
	rm -rf "$(OUTPUTDIR)" "$(OUTPUTDIR).new" "$(OUTPUTDIR).old" "$(DISTDIR)" build bench/work .pytest_cache .hypothesis
	find . -name __pycache__ -not -path "./$(VENV)/*" -prune -exec rm -rf {} +
