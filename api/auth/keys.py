"""Which key verifies (and, in development, signs) bearer JWTs."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Literal

from api.settings import Settings

MIN_SECRET_BYTES = 32
DEV_SECRET_FILE = "dev-jwt-secret"  # noqa: S105 - a file name, not a secret


class AuthConfigError(RuntimeError):
    """The server's token configuration is unsafe or incomplete; it must not start."""


@dataclass(frozen=True)
class JwtKeys:
    """Algorithm pinned on our side: HS256 with a shared secret, or RS256 with a public key."""

    algorithm: Literal["HS256", "RS256"]
    verify_key: str
    issuer: str
    audience: str
    signing_key: str | None = None  # only HS256 can mint tokens here (dev tokens, `crosspaths token`)

    @classmethod
    def from_settings(cls, settings: Settings) -> JwtKeys:
        issuer, audience = settings.jwt_issuer, settings.jwt_audience
        if settings.jwt_public_key_file is not None:
            try:
                public_key = settings.jwt_public_key_file.read_text(encoding="utf-8")
            except OSError as error:
                msg = f"CROSSPATHS_JWT_PUBLIC_KEY_FILE cannot be read: {error}"
                raise AuthConfigError(msg) from error
            return cls("RS256", public_key, issuer, audience)
        secret = settings.jwt_secret
        if secret is None:
            if settings.production:
                msg = (
                    "CROSSPATHS_ENV=production needs CROSSPATHS_JWT_SECRET (>= 32 bytes) "
                    "or CROSSPATHS_JWT_PUBLIC_KEY_FILE"
                )
                raise AuthConfigError(msg)
            secret = _dev_secret(settings)
        if len(secret.encode()) < MIN_SECRET_BYTES:
            msg = f"CROSSPATHS_JWT_SECRET is too short: HS256 needs at least {MIN_SECRET_BYTES} bytes"
            raise AuthConfigError(msg)
        return cls("HS256", secret, issuer, audience, signing_key=secret)


def _dev_secret(settings: Settings) -> str:
    """A random secret kept in the git-ignored data folder, so dev tokens survive restarts."""
    path = settings.data_dir / DEV_SECRET_FILE
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    path.touch(mode=0o600)
    path.write_text(secret, encoding="utf-8")
    return secret
