"""The API's configuration: one :class:`Settings` object, read from ``QUOTES_*`` variables.

``create_app(settings)`` takes it explicitly (tests build their own); without one, the
environment is read once. The database URL follows :func:`quotes.store.database_url`: a bare
path is a SQLite file, ``postgresql://`` goes through psycopg 3. Write keys come from
``QUOTES_API_KEY`` (one key) and ``QUOTES_API_KEYS`` (a comma-separated list), both at once
while a key is being rotated; they are :class:`~pydantic.SecretStr`, so a repr or a log line
never shows them. No key configured means no writes at all.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from quotes.store import DEFAULT_URL, database_url

__all__ = ["DEFAULT_MAX_BODY_BYTES", "Settings"]

DEFAULT_MAX_BODY_BYTES = 1 << 20  # 1 MiB: a long article is about 50 kB of text


def _comma_list(value: Any) -> Any:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


class Settings(BaseSettings):
    """Everything the API needs to start, from ``QUOTES_*`` environment variables."""

    model_config = SettingsConfigDict(env_prefix="QUOTES_", extra="ignore")

    db: str = Field(default=DEFAULT_URL, description="SQLAlchemy URL or SQLite file path.")
    api_key: SecretStr | None = Field(default=None, description="One write key (X-API-Key).")
    api_keys: Annotated[list[SecretStr], NoDecode] = Field(
        default_factory=list, description="More write keys, comma-separated (key rotation)."
    )
    max_body_bytes: int = Field(
        default=DEFAULT_MAX_BODY_BYTES, ge=0, description="Request body limit."
    )
    model: str | None = Field(
        default=None, description="spaCy model package; None: the default one."
    )
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Origins allowed by CORS; empty: none (closed)."
    )

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
        """The configured write keys as bytes, for a constant-time comparison."""
        return [key.get_secret_value().encode("utf-8") for key in self.api_keys]
