"""The review web page for CCs: queue, draft page, actions, downloads and a JSON API (FastAPI, Jinja2)."""
