"""The REST API over the quotes store: FastAPI, under ``/v1``, built by ``create_app``.

Imports go one way: ``api`` uses ``quotes``; nothing in ``quotes`` imports ``api`` or FastAPI.
"""
