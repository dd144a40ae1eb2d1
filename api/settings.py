"""The API's configuration: one :class:`Settings` object, read from ``QUOTES_*`` variables.

``create_app(settings)`` takes it explicitly (tests build their own); without one, the
environment is read once. The database URL follows
:func:`quotes.store.database.database_url`: a bare path is a SQLite file, ``postgresql://``
goes through psycopg 3. Write keys come from
``QUOTES_API_KEY`` (one key) and ``QUOTES_API_KEYS`` (a comma-separated list), both at once
while a key is being rotated; they are :class:`~pydantic.SecretStr`, so a repr or a log line
never shows them. ``QUOTES_API_KEYS_FILE`` names a file of more keys, one a line, that is read
again whenever it changes, so keys rotate without a restart (:class:`KeyFile`). No key
configured means no writes at all. Writes are also limited per client
(``QUOTES_WRITE_RATE_LIMIT`` per ``QUOTES_WRITE_RATE_WINDOW`` seconds, see
:mod:`api.ratelimit`).
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, PrivateAttr, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from quotes.batch.workpool import DEFAULT_MEMORY_LIMIT, DEFAULT_TIME_LIMIT
from quotes.store.database import DEFAULT_URL, database_url

__all__ = [
    "DEFAULT_MAX_BODY_BYTES",
    "DEFAULT_WRITE_RATE_LIMIT",
    "DEFAULT_WRITE_RATE_WINDOW",
    "KeyFile",
    "Settings",
]

DEFAULT_MAX_BODY_BYTES = 1 << 20  # 1 MiB: a long article is about 50 kB of text
# Extraction costs a parse; 60 articles a minute per client is far above an editor's pace
# and far below what would let one client starve the others.
DEFAULT_WRITE_RATE_LIMIT = 60
DEFAULT_WRITE_RATE_WINDOW = 60.0

logger = logging.getLogger("api")


def _comma_list(value: Any) -> Any:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


class KeyFile:
    """Write keys in a file, one a line (``#`` starts a comment), re-read when it changes.

    The file's identity (inode, size, modification time in ns) is checked on every call, a
    ``stat`` only; the keys are read again when it differs. Replace the file atomically (write
    a new one, rename it over the old) so a reader never sees it half written. A file that is
    missing or unreadable holds no keys: the server fails closed.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stamp: tuple[int, int, int] | None = None
        self._keys: list[bytes] = []
        self._warned = False
        self._lock = threading.Lock()

    def keys(self) -> list[bytes]:
        """The keys in the file as it is now."""
        try:
            st = os.stat(self.path)
        except OSError as err:
            return self._lost(err)
        stamp = (st.st_ino, st.st_size, st.st_mtime_ns)
        with self._lock:
            if stamp != self._stamp:
                try:
                    text = self.path.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError) as err:
                    return self._lost(err)
                self._keys = _parse_keys(text)
                self._stamp, self._warned = stamp, False
                logger.info("API keys file %s read: %d keys", self.path, len(self._keys))
            return self._keys

    def _lost(self, err: Exception) -> list[bytes]:
        with self._lock:
            if not self._warned:  # once per outage, not once per request
                # The error names the file only; a key never reaches the log.
                logger.warning("API keys file %s unreadable: %s", self.path, type(err).__name__)
            self._stamp, self._keys, self._warned = None, [], True
        return []


def _parse_keys(text: str) -> list[bytes]:
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [line.encode("utf-8") for line in lines if line]


class Settings(BaseSettings):
    """Everything the API needs to start, from ``QUOTES_*`` environment variables."""

    model_config = SettingsConfigDict(env_prefix="QUOTES_", extra="ignore")

    db: str = Field(default=DEFAULT_URL, description="SQLAlchemy URL or SQLite file path.")
    api_key: SecretStr | None = Field(default=None, description="One write key (X-API-Key).")
    api_keys: Annotated[list[SecretStr], NoDecode] = Field(
        default_factory=list, description="More write keys, comma-separated (key rotation)."
    )
    api_keys_file: Path | None = Field(
        default=None, description="A file of write keys, one a line, re-read when it changes."
    )
    max_body_bytes: int = Field(
        default=DEFAULT_MAX_BODY_BYTES, ge=0, description="Request body limit."
    )
    write_rate_limit: int = Field(
        default=DEFAULT_WRITE_RATE_LIMIT, ge=0, description="Writes per client per window; 0: off."
    )
    write_rate_window: float = Field(
        default=DEFAULT_WRITE_RATE_WINDOW, gt=0, description="The rate limit's window (s)."
    )
    model: str | None = Field(
        default=None, description="spaCy model package; None: the default one."
    )
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Origins allowed by CORS; empty: none (closed)."
    )
    extract_workers: int | None = Field(
        default=None,
        ge=0,
        le=64,
        description="Extraction worker processes; None: cores - 1 (at least 1); 0: in-process.",
    )
    extract_queue: int | None = Field(
        default=None,
        ge=1,
        description="Articles waiting for a worker before a write gets 503; None: 1 a worker.",
    )
    extract_time_limit: float = Field(
        default=DEFAULT_TIME_LIMIT, gt=0, description="Seconds an article may take to extract."
    )
    extract_memory_mb: int = Field(
        default=DEFAULT_MEMORY_LIMIT // 2**20,
        ge=0,
        description="Memory a worker may take above the loaded model (MB); 0: no limit.",
    )
    extract_nice: int = Field(
        default=10,
        ge=0,
        le=19,
        description="Niceness steps of the workers below the server; 0: the same priority.",
    )
    body_timeout: float = Field(
        default=30.0, gt=0, description="Seconds a client may take to send a request body."
    )
    header_timeout: float = Field(
        default=10.0, gt=0, description="Seconds a client may take to send a request's headers."
    )
    fast_path: bool = Field(
        default=True,
        description="Answer plain quotes-by-speaker requests below the router (api.fastpath).",
    )
    _key_file: KeyFile | None = PrivateAttr(default=None)

    @field_validator("db")
    @classmethod
    def _url(cls, value: str) -> str:
        return database_url(value.strip() or DEFAULT_URL)

    @field_validator("api_keys", "cors_origins", mode="before")
    @classmethod
    def _split(cls, value: Any) -> Any:
        return _comma_list(value)

    @model_validator(mode="after")
    def _merge_keys(self) -> Settings:
        # One list to check against: the single key joins the rotated ones, blanks are dropped.
        merged = [*([self.api_key] if self.api_key else []), *self.api_keys]
        unique = {key.get_secret_value(): key for key in merged if key.get_secret_value()}
        self.api_keys = list(unique.values())
        return self

    def key_values(self) -> list[bytes]:
        """The write keys as bytes, for a constant-time comparison: settings, then the file."""
        keys = [key.get_secret_value().encode("utf-8") for key in self.api_keys]
        if self.api_keys_file is not None:
            if self._key_file is None or self._key_file.path != self.api_keys_file:
                self._key_file = KeyFile(self.api_keys_file)
            keys.extend(k for k in self._key_file.keys() if k not in keys)
        return keys
