# Margin: `make run` opens the demo library, `make test` runs every test.
# Both set up what is missing first (a .venv with the package, its dev extras and the model).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.margin-installed
DEMO_DATA := .demo-data

.PHONY: run test test-fast bench setup clean demo

setup: $(STAMP)

# PYTHONWARNINGS=ignore reaches setuptools in pip's build environment: without it, every editable
# install prints a banner ("Editable installation... be careful with folders...") a newcomer takes
# for an error. Pip's own messages are not Python warnings and still show.
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Margin needs Python 3.11 or newer; set PYTHON=/path/to/python3.11")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	PYTHONWARNINGS=ignore $(BIN)/python -m pip install --quiet -e '.[dev,model]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/margin --data-dir $(DEMO_DATA) add assets/demo

run: demo
	$(BIN)/margin --data-dir $(DEMO_DATA)

test: $(STAMP)
	@command -v tmux >/dev/null 2>&1 || { command -v apt-get >/dev/null 2>&1 && (apt-get update -qq && apt-get install -y -qq tmux) >/dev/null 2>&1; } || echo "tmux not found: the tmux end-to-end tests will be skipped"
	$(BIN)/python -m pytest -q

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not model and not tmux"

# Speed targets beside their floors (scripts/bench.py); BENCH_ARGS=--quick for a smaller run.
bench: $(STAMP)
	@command -v tmux >/dev/null 2>&1 || { command -v apt-get >/dev/null 2>&1 && (apt-get update -qq && apt-get install -y -qq tmux) >/dev/null 2>&1; } || echo "tmux not found: the terminal figures will be skipped"
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

# Entity quality on the gold news in ../shared/eval (scripts/eval.py); EVAL_ARGS="--only aida --limit 50".
.PHONY: eval
eval: $(STAMP)
	$(BIN)/python scripts/eval.py $(EVAL_ARGS)

clean:
	rm -rf $(VENV) $(DEMO_DATA) .pytest_cache build *.egg-info
