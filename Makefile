# Two entry points (see README): `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test setup setup-dev browser lint bench clean

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.runtime
setup-dev: $(VENV)/.dev

# The warm-up opens every page once at its defaults as soon as the server answers, so the first student on each page
# gets a cached visit; it ends by itself.
run: setup
	$(PY) -m ui.warmup --url http://127.0.0.1:$(PORT) & \
	exec $(PY) -m streamlit run app.py --server.port $(PORT) --server.headless true

# Debian's Chromium for the browser tests (Playwright cannot download its own browser here), and Debian's nginx
# for the two-replica test.
browser:
	@if [ ! -x /usr/bin/chromium ] || [ ! -d /usr/share/fonts/opentype/noto ] || [ ! -x /usr/sbin/nginx ]; then \
		SUDO=$$(command -v sudo >/dev/null && [ "$$(id -u)" != 0 ] && echo sudo); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium fonts-noto-cjk nginx-light >/dev/null; \
	fi

test: setup-dev browser
	$(PY) -m ruff check .
	$(PY) -m pytest

lint: setup-dev
	$(PY) -m ruff check .

bench: setup
	$(PY) -m bench

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts
