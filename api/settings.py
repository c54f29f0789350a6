"""Configuration read from the environment, once, into a typed value."""

from __future__ import annotations

import ipaddress
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import platformdirs

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# True in a clone (scripts/setup installs it editable): data stays beside the code, in the git-ignored
# .data/. An installed wheel's PROJECT_ROOT is site-packages, which is never a place for data.
SOURCE_CHECKOUT = (PROJECT_ROOT / "pyproject.toml").is_file()


class SettingsError(ValueError):
    """An environment variable holds a value crosspaths cannot use; the message names it."""


N = TypeVar("N", int, float)


def _memory(env: dict[str, str], name: str, default: str) -> str:
    """A Neo4j memory size such as 512m or 2g."""
    text = (env.get(name) or "").strip().lower()
    if not text:
        return default
    if re.fullmatch(r"[1-9][0-9]*[kmg]", text) is None:
        msg = f"{name} must be a size such as 512m or 2g, got {text!r}"
        raise SettingsError(msg)
    return text


def _number(env: dict[str, str], name: str, default: N, kind: type[N], *, zero_ok: bool = False) -> N:
    text = env.get(name)
    if text is None or not text.strip():
        return default
    try:
        value = kind(text)
    except ValueError:
        msg = f"{name} must be {'an integer' if kind is int else 'a number'}, got {text!r}"
        raise SettingsError(msg) from None
    if value < 0 or (value == 0 and not zero_ok):
        msg = f"{name} must be {'zero or positive' if zero_ok else 'positive'}, got {text!r}"
        raise SettingsError(msg)
    return value


def _networks(env: dict[str, str], name: str) -> tuple[str, ...]:
    """Comma-separated addresses or CIDR networks; every one is checked, so a typo cannot trust the world."""
    items = tuple(item.strip() for item in (env.get(name) or "").split(",") if item.strip())
    for item in items:
        try:
            ipaddress.ip_network(item, strict=False)
        except ValueError:
            msg = f"{name} must list IP addresses or networks (10.0.0.0/8), comma-separated; got {item!r}"
            raise SettingsError(msg) from None
    return items


def _choice(env: dict[str, str], name: str, choices: tuple[str, ...]) -> str:
    text = (env.get(name) or choices[0]).strip().lower()
    if text not in choices:
        msg = f"{name} must be one of {', '.join(choices)}, got {env.get(name)!r}"
        raise SettingsError(msg)
    return text


def default_data_dir() -> Path:
    """The local Neo4j's files and the development JWT secret: .data/ in a clone, else the user's data folder."""
    if SOURCE_CHECKOUT:
        return PROJECT_ROOT / ".data"
    return Path(platformdirs.user_data_dir("crosspaths", appauthor=False))


@dataclass(frozen=True)
class Neo4jTarget:
    """Where the graph lives: a URI and the credentials to reach it."""

    uri: str
    user: str | None = None
    password: str | None = None
    database: str = "neo4j"

    @property
    def auth(self) -> tuple[str, str] | None:
        if self.user is None:
            return None
        return (self.user, self.password or "")


@dataclass(frozen=True)
class Settings:
    """Everything crosspaths reads from the environment."""

    neo4j_uri: str | None = None
    neo4j_user: str | None = None
    neo4j_password: str | None = None
    neo4j_database: str = "neo4j"
    local_port: int = 7687
    local_page_cache: str = "64m"
    data_dir: Path = field(default_factory=default_data_dir)
    cache_dir: Path = field(default_factory=lambda: Path(platformdirs.user_cache_dir("crosspaths", appauthor=False)))
    query_timeout_s: float = 10.0
    neo4j_retry_s: float = 10.0
    environment: str = "development"
    jwt_secret: str | None = None
    jwt_public_key_file: Path | None = None
    jwt_issuer: str = "crosspaths"
    jwt_audience: str = "crosspaths"
    rate_limit_per_minute: int = 1_000
    request_timeout_s: float = 30.0
    viewer_cache_s: float = 60.0
    max_body_bytes: int = 1_048_576
    max_upload_bytes: int = 20 * 1_048_576
    # The request line and headers together: what a client may make the server buffer before the app runs.
    max_header_bytes: int = 16_384
    # How long a connection may take to send a whole request head (from connecting, or from a kept-alive
    # request's first byte): a client dripping its head ("slowloris") holds a connection no longer.
    head_timeout_s: float = 10.0
    # Peers whose X-Forwarded-For / X-Forwarded-Proto are believed (a load balancer); none by default.
    trusted_proxies: tuple[str, ...] = ()
    # Seals X-Crosspaths-Bookmark (api/web/bookmarks.py); the HS256 JWT secret serves when unset.
    bookmark_secret: str | None = None
    # Imports up to this many bytes are one transaction, written while read (seeds/importer.py); 0: never.
    import_one_transaction_bytes: int = 4 * 1_048_576
    # The least time from the end of one re-plan after an importCsv upload to the start of the next, per
    # process (api/graph/replanning.py): each costs seconds of Neo4j CPU, and uploads are cheap to send.
    replan_gap_s: float = 300.0
    log_format: str = "auto"
    # Subscriptions (api/live/limits.py): how often a replica reads new role openings, how many
    # subscriptions a caller may hold, messages per second per subscription, how long a socket
    # without a subscription stays open, and how often a socket's credential is checked again.
    subscription_poll_s: float = 2.0
    subscriptions_per_caller: int = 5
    subscription_messages_per_s: float = 1.0
    subscription_idle_s: float = 60.0
    subscription_recheck_s: float = 30.0

    @property
    def production(self) -> bool:
        return self.environment == "production"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        defaults = cls()
        return cls(
            neo4j_uri=env.get("NEO4J_URI") or None,
            neo4j_user=env.get("NEO4J_USER") or None,
            neo4j_password=env.get("NEO4J_PASSWORD") or None,
            neo4j_database=env.get("NEO4J_DATABASE") or "neo4j",
            local_port=_number(env, "CROSSPATHS_NEO4J_PORT", defaults.local_port, int),
            local_page_cache=_memory(env, "CROSSPATHS_NEO4J_PAGECACHE", defaults.local_page_cache),
            data_dir=Path(env["CROSSPATHS_DATA_DIR"]) if env.get("CROSSPATHS_DATA_DIR") else defaults.data_dir,
            cache_dir=Path(env["CROSSPATHS_CACHE_DIR"]) if env.get("CROSSPATHS_CACHE_DIR") else defaults.cache_dir,
            query_timeout_s=_number(env, "CROSSPATHS_QUERY_TIMEOUT", defaults.query_timeout_s, float),
            neo4j_retry_s=_number(env, "CROSSPATHS_NEO4J_RETRY", defaults.neo4j_retry_s, float),
            environment=env.get("CROSSPATHS_ENV") or defaults.environment,
            jwt_secret=env.get("CROSSPATHS_JWT_SECRET") or None,
            jwt_public_key_file=Path(env["CROSSPATHS_JWT_PUBLIC_KEY_FILE"])
            if env.get("CROSSPATHS_JWT_PUBLIC_KEY_FILE")
            else None,
            jwt_issuer=env.get("CROSSPATHS_JWT_ISSUER") or defaults.jwt_issuer,
            jwt_audience=env.get("CROSSPATHS_JWT_AUDIENCE") or defaults.jwt_audience,
            rate_limit_per_minute=_number(env, "CROSSPATHS_RATE_LIMIT_PER_MINUTE", defaults.rate_limit_per_minute, int),
            request_timeout_s=_number(env, "CROSSPATHS_REQUEST_TIMEOUT", defaults.request_timeout_s, float),
            viewer_cache_s=_number(
                env, "CROSSPATHS_VIEWER_CACHE_SECONDS", defaults.viewer_cache_s, float, zero_ok=True
            ),
            max_body_bytes=_number(env, "CROSSPATHS_MAX_BODY_BYTES", defaults.max_body_bytes, int),
            max_upload_bytes=_number(env, "CROSSPATHS_MAX_UPLOAD_BYTES", defaults.max_upload_bytes, int),
            max_header_bytes=_number(env, "CROSSPATHS_MAX_HEADER_BYTES", defaults.max_header_bytes, int),
            head_timeout_s=_number(env, "CROSSPATHS_HEAD_TIMEOUT", defaults.head_timeout_s, float),
            trusted_proxies=_networks(env, "CROSSPATHS_TRUSTED_PROXIES"),
            bookmark_secret=env.get("CROSSPATHS_BOOKMARK_SECRET") or None,
            import_one_transaction_bytes=_number(
                env,
                "CROSSPATHS_IMPORT_ONE_TRANSACTION_BYTES",
                defaults.import_one_transaction_bytes,
                int,
                zero_ok=True,
            ),
            replan_gap_s=_number(env, "CROSSPATHS_REPLAN_GAP_SECONDS", defaults.replan_gap_s, float, zero_ok=True),
            log_format=_choice(env, "CROSSPATHS_LOG_FORMAT", ("auto", "json", "text")),
            subscription_poll_s=_number(
                env, "CROSSPATHS_SUBSCRIPTION_POLL_SECONDS", defaults.subscription_poll_s, float
            ),
            subscriptions_per_caller=_number(
                env, "CROSSPATHS_SUBSCRIPTIONS_PER_CALLER", defaults.subscriptions_per_caller, int
            ),
            subscription_messages_per_s=_number(
                env, "CROSSPATHS_SUBSCRIPTION_MESSAGES_PER_SECOND", defaults.subscription_messages_per_s, float
            ),
            subscription_idle_s=_number(
                env, "CROSSPATHS_SUBSCRIPTION_IDLE_SECONDS", defaults.subscription_idle_s, float
            ),
            subscription_recheck_s=_number(
                env, "CROSSPATHS_SUBSCRIPTION_RECHECK_SECONDS", defaults.subscription_recheck_s, float
            ),
        )
