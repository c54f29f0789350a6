"""The per-process auth caches stay within a bound of entries and of bytes, however long the tokens."""

from __future__ import annotations

import secrets

from api.auth import jwt_tokens, subjects
from api.auth.jwt_tokens import VerifiedTokens, mint
from api.auth.keys import JwtKeys
from api.auth.subjects import SubjectCache
from tests.memory import traced

KEYS = JwtKeys("HS256", "s" * 48, "crosspaths", "crosspaths-api", signing_key="s" * 48)
# A subject as long as a request head allows (CROSSPATHS_MAX_HEADER_BYTES, 16 KiB) once signed and encoded.
LONG = 11_000


def test_verified_tokens_stay_within_their_bytes_however_long_the_tokens() -> None:
    tokens = VerifiedTokens(KEYS)
    minted = [mint(KEYS, subject=f"{i}:".ljust(LONG, "x")) for i in range(3_000)]  # ~45 MiB of tokens
    with traced() as held:
        for token in minted:
            tokens.verify(token)
    assert held() <= jwt_tokens._MAX_TOKEN_BYTES  # noqa: SLF001 - the documented bound
    assert 0 < tokens.remembered < 3_000
    assert tokens.verify(minted[-1]).subject.startswith("2999:"), "the most recent are remembered"


def test_verified_tokens_are_remembered_without_the_token_itself() -> None:
    tokens = VerifiedTokens(KEYS)
    token = mint(KEYS, subject=secrets.token_hex(8))
    tokens.verify(token)
    assert token not in repr(vars(tokens._claims))  # noqa: SLF001 - what the memory holds


async def test_subjects_stay_within_their_bytes_however_long_the_subjects() -> None:
    cache = SubjectCache(60.0)

    async def person() -> str | None:
        return "7b1c0c9e-5a43-4a4c-9d7e-2f1f6f0e0b11"

    with traced() as held:
        for i in range(2_000):
            subject = f"{i}:".ljust(LONG, "x")
            assert await cache.person_of(subject, person, accept=lambda found: found is not None)
    assert held() <= subjects._MAX_BYTES  # noqa: SLF001 - the documented bound
    assert 0 < cache.remembered < 2_000


async def test_subjects_of_the_usual_size_fill_every_entry_within_the_bytes() -> None:
    cache = SubjectCache(60.0)

    async def person() -> str | None:
        return "7b1c0c9e-5a43-4a4c-9d7e-2f1f6f0e0b11"

    with traced() as held:
        for i in range(subjects._MAX_ENTRIES + 500):  # noqa: SLF001
            await cache.person_of(f"https://idp.example.com/users/{i:08d}", person, accept=bool)
    assert cache.remembered == subjects._MAX_ENTRIES  # noqa: SLF001
    assert held() <= cache._entries.bytes, "the overhead counted for each subject is not an underestimate"  # noqa: SLF001


def test_verified_tokens_of_the_usual_size_are_counted_as_what_they_hold() -> None:
    tokens = VerifiedTokens(KEYS)
    minted = [mint(KEYS, subject=f"user-{i:06d}", email=f"user-{i:06d}@example.com") for i in range(2_000)]
    with traced() as held:
        for token in minted:
            tokens.verify(token)
    counted = tokens._claims.bytes  # noqa: SLF001 - what the bound is checked against
    assert tokens.remembered == 2_000
    assert held() <= counted, "the overhead counted for each token is not an underestimate"
