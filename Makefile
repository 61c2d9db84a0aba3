# odm-intake: the two set-up commands are `make demo` and `make test` (see README.md).

VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
DEMO_DB ?= demo.db
DEMO_URL := sqlite:///$(DEMO_DB)
DEMO_USER ?= demo
DEMO_PASSWORD ?= demo-odm-intake

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
	@echo '$(DEMO_PASSWORD)' | ODM_INTAKE_DATABASE_URL=$(DEMO_URL) $(BIN)/odm-intake users add $(DEMO_USER) --role cc --password-stdin --if-missing
	@echo "Page de revue : ODM_INTAKE_DATABASE_URL=$(DEMO_URL) ODM_INTAKE_SECRET_KEY=\$$(openssl rand -hex 32) $(BIN)/odm-intake serve"
	@echo "puis http://127.0.0.1:8000/ avec l'identifiant $(DEMO_USER) et le mot de passe $(DEMO_PASSWORD)"

test: system-deps venv
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-shm $(DEMO_DB)-wal
