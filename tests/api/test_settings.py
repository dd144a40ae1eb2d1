"""``api.settings.Settings`` from the environment, and the constant-time key check."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from api.deps import _matches
from api.settings import DEFAULT_MAX_BODY_BYTES, Settings


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DB", "API_KEY", "API_KEYS", "MAX_BODY_BYTES", "MODEL", "CORS_ORIGINS"):
        monkeypatch.delenv(f"QUOTES_{name}", raising=False)


def test_defaults() -> None:
    settings = Settings()
    assert settings.db == "sqlite:///quotes.db"
    assert settings.api_keys == [] and settings.cors_origins == []
    assert settings.max_body_bytes == DEFAULT_MAX_BODY_BYTES == 1 << 20


@pytest.mark.parametrize(
    "single, many, expected",
    [
        ("k1", None, [b"k1"]),
        (None, "k1,k2", [b"k1", b"k2"]),
        ("new", " old , new ,,", [b"new", b"old"]),  # rotation: both work, no repeats
        ("", "", []),
    ],
)
def test_keys_from_env(
    monkeypatch: pytest.MonkeyPatch, single: str | None, many: str | None, expected: list[bytes]
) -> None:
    if single is not None:
        monkeypatch.setenv("QUOTES_API_KEY", single)
    if many is not None:
        monkeypatch.setenv("QUOTES_API_KEYS", many)
    settings = Settings()
    assert settings.key_values() == expected
    for key in expected:
        assert key.decode() not in repr(settings)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("data/x.db", "sqlite:///data/x.db"),
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:///:memory:", "sqlite:///:memory:"),
    ],
)
def test_db_url(monkeypatch: pytest.MonkeyPatch, value: str, expected: str) -> None:
    monkeypatch.setenv("QUOTES_DB", value)
    assert Settings().db == expected


def test_other_values_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUOTES_CORS_ORIGINS", "https://a.example, https://b.example")
    monkeypatch.setenv("QUOTES_MAX_BODY_BYTES", "2048")
    monkeypatch.setenv("QUOTES_MODEL", "en_core_web_sm")
    settings = Settings()
    assert settings.cors_origins == ["https://a.example", "https://b.example"]
    assert (settings.max_body_bytes, settings.model) == (2048, "en_core_web_sm")


def test_negative_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUOTES_MAX_BODY_BYTES", "-1")
    with pytest.raises(ValidationError):
        Settings()


@pytest.mark.parametrize(
    "given, keys, ok",
    [
        (b"a", [b"a"], True),
        (b"b", [b"a", b"b"], True),
        (b"a", [b"ab"], False),
        (b"", [b"a"], False),
        (b"a", [], False),
    ],
)
def test_key_match(given: bytes, keys: list[bytes], ok: bool) -> None:
    assert _matches(given, keys) is ok
