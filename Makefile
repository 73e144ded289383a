# Build, preview, test and publish the guide, in the shape of Pelican's quickstart Makefile.
# `make help` lists the targets and every variable.

PY_SYSTEM ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
PELICAN := $(PY) -m pelican
INPUTDIR ?= content
OUTPUTDIR ?= output
DISTDIR ?= dist
CONFFILE := pelicanconf.py
PUBLISHCONF := publishconf.py
PELICANOPTS ?=
PYTESTOPTS ?=
PORT ?= 8000
SERVER ?= 127.0.0.1
SITEURL ?=
export SITEURL

# Deploys (Pelican's names). rsync_upload: SSH_HOST empty copies to the folder SSH_TARGET_DIR.
SSH_HOST ?=
SSH_PORT ?= 22
SSH_USER ?= $(or $(USER),$(shell id -un))
SSH_TARGET_DIR ?=
SSH_OPTS ?=
GITHUB_PAGES_BRANCH ?= gh-pages
GITHUB_REMOTE ?= origin
S3_BUCKET ?=
S3_PREFIX ?=
S3_ALL ?= 0

DEBUG ?= 0
ifeq ($(DEBUG), 1)
	PELICANOPTS += -D
endif
RELATIVE ?= 1
ifeq ($(RELATIVE), 1)
	PELICANOPTS += --relative-urls
endif

.PHONY: help requirements html report regenerate clean serve serve-global devserver devserver-global publish pdf offline \
        rsync_upload s3_upload github translations test test-fast lint screenshots bench

help:
	@echo 'Usage: make [target] [VARIABLE=value ...]'
	@echo ''
	@echo 'Targets:'
	@echo '  html              build the site into $(OUTPUTDIR)/ (creates $(VENV) if needed)'
	@echo '  regenerate        rebuild on every change, without serving'
	@echo '  serve             serve $(OUTPUTDIR)/ at http://$(SERVER):$(PORT)/index.html'
	@echo '  serve-global      the same, reachable from other machines (SERVER=0.0.0.0)'
	@echo '  devserver         rebuild on every change and serve at http://$(SERVER):$(PORT)/index.html'
	@echo '  devserver-global  the same, reachable from other machines'
	@echo '  pdf               build the site with the PDF leaflets (needs Chromium)'
	@echo '  offline           build the site and zip it into $(DISTDIR)/ for use without internet'
	@echo '  publish           build the site for a live host: make publish SITEURL=https://example.org/guides'
	@echo '  rsync_upload      publish, then copy $(OUTPUTDIR)/ to SSH_USER@SSH_HOST:SSH_TARGET_DIR with rsync --delete'
	@echo '  s3_upload         publish, then mirror $(OUTPUTDIR)/ to the bucket S3_BUCKET (S3-compatible storage)'
	@echo '  github            publish, then commit $(OUTPUTDIR)/ to the $(GITHUB_PAGES_BRANCH) branch and push it (GitHub Pages)'
	@echo '  report            the editor'"'"'s report: reading level and review status of every guide (build/report.html)'
	@echo '  requirements      compile each requirements*.in into its .txt, pinned and hashed (pip-tools)'
	@echo '  translations      extract the theme's words into messages.pot and update each language's .po'
	@echo '  test              run every test (content, builds, browser, validator, servers)'
	@echo '  test-fast         every test that needs no browser, validator or server'
	@echo '  lint              ruff check, ruff format --check, and no function above complexity 15 (radon)'
	@echo '  screenshots       write screenshots of the guide to build/screenshots/'
	@echo '  bench             measure page speed and build cost; writes bench/RESULTS.md'
	@echo '  clean             remove $(OUTPUTDIR)/, $(DISTDIR)/, build/ and caches'
	@echo ''
	@echo 'Variables:'
	@echo '  SITEURL=https://...     the address the site is published at (publish: required)'
	@echo '  OUTPUTDIR=output        where the site is built; INPUTDIR=content, the guides; DISTDIR=dist, the zip'
	@echo '  PORT=8000 SERVER=127.0.0.1   where serve and devserver listen'
	@echo '  DEBUG=1                 Pelican debug output'
	@echo '  RELATIVE=1              relative links between pages (the default; the site opens from disk)'
	@echo '  PDF_EDITION=true|false|auto  make the PDF leaflets (publish and offline: auto)'
	@echo '  REVIEW_OVERDUE_OK=1     publish a guide whose Next_review date has passed'
	@echo '  TRANSLATION_STALE_OK=1  publish a translation older than its original'
	@echo '  CHROMIUM=/path          the Chromium for PDF leaflets and browser tests (default: chromium on PATH)'
	@echo '  PELICANOPTS=...         more pelican options; PYTESTOPTS=... more pytest options (e.g. -k name)'
	@echo '  PY_SYSTEM=python3.11    the Python that makes $(VENV)'
	@echo '  SSH_HOST SSH_PORT=22 SSH_USER SSH_TARGET_DIR   where rsync_upload copies to (no SSH_HOST: a local folder)'
	@echo '  SSH_OPTS="-i ~/.ssh/key"   more ssh options for rsync_upload'
	@echo '  S3_BUCKET S3_PREFIX S3_ALL=1   where s3_upload copies to; S3_ALL=1 sends unchanged files too'
	@echo '  GITHUB_REMOTE GITHUB_PAGES_BRANCH=gh-pages   where github pushes (GITHUB_REMOTE=origin must be given)'

# Every requirements*.txt is compiled from its .in file, each dependency pinned and hashed; pip
# installs them with --require-hashes. After editing a .in file: make requirements.
PIP_INSTALL = $(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps
PIP_COMPILE = $(PY) -m piptools compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-header --annotation-style=line --no-emit-index-url --no-emit-find-links
requirements: $(VENV)/.installed-dev
	$(PIP_COMPILE) -o requirements.txt requirements.in
	$(PIP_COMPILE) -o requirements-pdf.txt requirements-pdf.in
	$(PIP_COMPILE) -o requirements-report.txt requirements-report.in
	$(PIP_COMPILE) -o requirements-s3.txt requirements-s3.in
	$(PIP_COMPILE) -o requirements-dev.txt requirements-dev.in

# The virtual environment is (re)made whenever a requirements file changes.
$(VENV)/.installed: requirements.txt
	@test -x "$(PY)" || $(PY_SYSTEM) -m venv "$(VENV)"
	$(PIP_INSTALL) -r requirements.txt
	@touch "$@"

# The PDF leaflets' extras (Playwright, pikepdf), installed on first use by pdf, offline and publish.
$(VENV)/.installed-pdf: $(VENV)/.installed requirements-pdf.txt
	$(PIP_INSTALL) -r requirements-pdf.txt
	@touch "$@"

$(VENV)/.installed-report: $(VENV)/.installed requirements-report.txt
	$(PIP_INSTALL) -r requirements-report.txt
	@touch "$@"

$(VENV)/.installed-s3: $(VENV)/.installed requirements-s3.txt
	$(PIP_INSTALL) -r requirements-s3.txt
	@touch "$@"

$(VENV)/.installed-dev: $(VENV)/.installed-report $(VENV)/.installed-pdf $(VENV)/.installed-s3 requirements-dev.txt
	$(PIP_INSTALL) -r requirements-dev.txt
	@touch "$@"

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	@touch "$@"

# Pelican, building into $(OUTPUTDIR).new (holding what OUTPUT_RETENTION lists of the last site) and
# replacing $(OUTPUTDIR) only when it finished without a problem: a failed build leaves
# the last good site as it was (plugins/content_checks/command.py). $(1): settings; $(2): options.
BUILD = PYTHONPATH=plugins $(PY) -m content_checks.command
define build
	@$(BUILD) "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(1)" $(PELICANOPTS) $(2)
endef

html: $(VENV)/.installed
	$(call build,$(CONFFILE))

pdf: $(VENV)/.installed-pdf
	$(call build,$(CONFFILE),-e PDF_EDITION=true)

offline: $(VENV)/.installed-pdf
	@stamp=$$(mktemp) && $(BUILD) "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" $(PELICANOPTS) \
	  -e 'OFFLINE_ZIP_DIR="$(DISTDIR)"' 'PDF_EDITION="$(or $(PDF_EDITION),auto)"' \
	  && find "$(DISTDIR)" -maxdepth 1 -name '*.zip' -newer "$$stamp" | sort | xargs -r ls -sh \
	  | sed 's/^ */Offline edition: /'; status=$$?; rm -f "$$stamp"; exit $$status

publish: $(VENV)/.installed-pdf
	@test -n "$(SITEURL)" || { echo "make publish needs the site's address, e.g.: make publish SITEURL=https://example.org/guides" >&2; exit 2; }
	$(call build,$(PUBLISHCONF))
	@test ! -f "$(dir $(OUTPUTDIR))host/nginx.conf" || echo "For nginx and Caddy: $(dir $(OUTPUTDIR))host/ (docs/publishing.md)"

# Each deploy checks its own settings before it publishes, then publishes and uploads.
# rsync: every file lands in a hidden .~tmp~/ folder first and all are moved in at the end
# (--delay-updates), so an interrupted upload leaves no half file live; deletions come last.
rsync_upload:
	@test -n "$(SSH_TARGET_DIR)" || { echo "make rsync_upload needs SSH_TARGET_DIR (and SSH_HOST, SSH_USER for a server)" >&2; exit 2; }
	@$(MAKE) --no-print-directory publish
	rsync $(if $(SSH_HOST),-e "ssh -p $(SSH_PORT) $(SSH_OPTS)") -rvzc --delay-updates --delete-after --exclude .DS_Store \
	  "$(OUTPUTDIR)"/ "$(if $(SSH_HOST),$(SSH_USER)@$(SSH_HOST):)$(SSH_TARGET_DIR)"

# S3-compatible storage: the AWS SDK's own variables say where (AWS_ENDPOINT_URL, AWS_PROFILE, ...).
s3_upload: $(VENV)/.installed-s3
	@test -n "$(S3_BUCKET)" || { echo "make s3_upload needs S3_BUCKET, the bucket's name (and S3_PREFIX for a folder in it)" >&2; exit 2; }
	@$(MAKE) --no-print-directory publish
	PYTHONPATH=plugins $(PY) -m host_files.s3 "$(OUTPUTDIR)" "$(S3_BUCKET)" --prefix "$(S3_PREFIX)" $(if $(filter 1,$(S3_ALL)),--all)

# GitHub Pages serves every file of the branch, so the host files stay off it; and after a clone
# `origin` is the project you cloned, so that remote must be named to be used.
github:
	@test "$(GITHUB_REMOTE)" != origin -o "$(origin GITHUB_REMOTE)" != file || { \
	  echo "make github pushes the site to the remote GITHUB_REMOTE; origin is $$(git remote get-url origin 2>/dev/null || echo 'not set')." >&2; \
	  echo "Name the remote of your site's repository: make github GITHUB_REMOTE=origin (or another remote)" >&2; exit 2; }
	@$(MAKE) --no-print-directory publish
	rm -rf build/gh-pages && mkdir -p build && cp -R "$(OUTPUTDIR)" build/gh-pages && rm -f build/gh-pages/_headers build/gh-pages/.htaccess
	$(PY) -m ghp_import -n -m "Publish the guides for $(SITEURL)" -b $(GITHUB_PAGES_BRANCH) build/gh-pages
	git push $(GITHUB_REMOTE) $(GITHUB_PAGES_BRANCH)

# Reads every guide (drafts too), writes build/report.html and build/report.json; never fails on what it finds.
report: $(VENV)/.installed-report
	PYTHONPATH=plugins $(PY) -m guide.report "$(CONFFILE)" build "$(INPUTDIR)"

# The theme's words into messages.pot; a catalog for every language the guides or LANG_SETTINGS use
# that has none yet (docs/languages.md, "Adding a language"); then every catalog updated.
TRANSLATIONS ?= theme/translations
translations: $(VENV)/.installed
	$(PY) -m babel.messages.frontend extract -F theme/translations/babel.cfg -o $(TRANSLATIONS)/messages.pot \
	  --no-location --sort-output --omit-header --add-comments=TRANSLATORS: .
	@for lang in $$(PYTHONPATH=plugins $(PY) -m guide.catalogs "$(CONFFILE)" "$(INPUTDIR)" "$(TRANSLATIONS)"); do \
	  $(PY) -m babel.messages.frontend init -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) -l $$lang \
	    --width 100 || exit 1; \
	done
	$(PY) -m babel.messages.frontend update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) \
	  --no-fuzzy-matching --width 100
	@echo "Translate the new entries (msgstr \"\") in $(TRANSLATIONS)/<lang>/LC_MESSAGES/messages.po, e.g. with Poedit."

# Both rebuild on every save; after a failed run they wait for the next save (content_checks.command).
regenerate: $(VENV)/.installed
	$(BUILD) -r "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" $(PELICANOPTS)

serve: $(VENV)/.installed
	$(PELICAN) -l "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" $(PELICANOPTS) -p $(PORT) -b $(SERVER)

serve-global:
	$(MAKE) serve SERVER=0.0.0.0

devserver: $(VENV)/.installed
	$(BUILD) -lr "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" $(PELICANOPTS) -p $(PORT) -b $(SERVER)

devserver-global:
	$(MAKE) devserver SERVER=0.0.0.0

test: $(VENV)/.installed-dev node_modules/.installed
	$(PY) -m pytest $(PYTESTOPTS)

test-fast: $(VENV)/.installed-dev
	$(PY) -m pytest -m "not browser and not slow" $(PYTESTOPTS)

# No function above cyclomatic complexity 15, as radon counts it.
MAX_COMPLEXITY = 15
define COMPLEXITY_CHECK
import json, sys
found = [(path, block["lineno"], block["name"], block["complexity"])
         for path, blocks in json.load(sys.stdin).items() for block in blocks
         if block["complexity"] > $(MAX_COMPLEXITY)]
for path, line, name, complexity in found:
    print(f"{path}:{line}: {name} has cyclomatic complexity {complexity} (at most $(MAX_COMPLEXITY)): split it")
sys.exit(1 if found else 0)
endef
export COMPLEXITY_CHECK

lint: $(VENV)/.installed-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m radon cc --json plugins tests bench | $(PY) -c "$$COMPLEXITY_CHECK"

screenshots: $(VENV)/.installed-dev
	cd tests && ../$(PY) screenshots.py

bench/node_modules/.installed: bench/package.json bench/package-lock.json
	npm ci --prefix bench --no-audit --no-fund
	@touch "$@"

bench: $(VENV)/.installed-dev bench/node_modules/.installed
	$(PY) bench/run.py

clean:
	rm -rf "$(OUTPUTDIR)" "$(OUTPUTDIR).new" "$(OUTPUTDIR).old" "$(DISTDIR)" build bench/work .pytest_cache .hypothesis .ruff_cache
	find . -name __pycache__ -not -path "./$(VENV)/*" -prune -exec rm -rf {} +
