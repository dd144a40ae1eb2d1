"""Web application tests (a package, so its conftest never shadows ``tests/api/conftest.py``)."""
