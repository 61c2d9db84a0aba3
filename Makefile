# odm-intake: the two set-up commands are `make demo` and `make test` (see README.md).

VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
DEMO_DB ?= demo.db
DEMO_URL := sqlite:///$(DEMO_DB)

.PHONY: demo test system-deps venv clean

system-deps:
	bash scripts/install-system-deps.sh

$(BIN)/odm-intake: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	@touch $@

venv: $(BIN)/odm-intake

demo: system-deps venv
	ODM_INTAKE_DATABASE_URL=$(DEMO_URL) $(BIN)/odm-intake replay demo/mailbox.mbox
	ODM_INTAKE_DATABASE_URL=$(DEMO_URL) $(BIN)/odm-intake drafts list

test: system-deps venv
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-shm $(DEMO_DB)-wal
