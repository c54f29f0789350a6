"""The schema's parse and validation steps: each distinct document once, its errors every time, in bounded memory."""

from __future__ import annotations

import asyncio
import gc
import uuid
from typing import Any

import pytest
from graphql import Source, Token
from graphql import visit as graphql_visit

from api.gql import anonymous, documents
from api.gql.limits import MAX_DOCUMENT_BYTES
from api.seams.graphql_stack import validate_document as strawberry_validate
from tests.conftest import Api


def test_a_document_is_validated_once_and_answered_with_its_errors_every_time(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    validated: list[Any] = []
    validate = strawberry_validate

    def counted(*args: Any) -> Any:
        validated.append(args[1])
        return validate(*args)

    monkeypatch.setattr(documents, "validate_document", counted)
    # Documents no other test sends: validation results are kept for the whole process.
    unique = uuid.uuid4().hex
    invalid, valid = f"{{ noSuchField{unique} }}", f"{{ t{unique}: __typename }}"
    for _ in range(2):
        body = api.post(invalid)
        assert [error["extensions"]["code"] for error in body["errors"]] == ["GRAPHQL_VALIDATION_FAILED"]
        assert f"noSuchField{unique}" in body["errors"][0]["message"]
        assert api.post(valid)["data"] == {f"t{unique}": "Query"}
    assert len(validated) == 2, "two distinct documents, each validated once"


def documents_held() -> tuple[int, int]:
    """Characters of GraphQL document text and tokens that the process holds (a parsed document keeps both)."""
    gc.collect()
    text = tokens = 0
    for thing in gc.get_objects():
        if isinstance(thing, Source):
            text += len(thing.body)
        elif isinstance(thing, Token):
            tokens += 1
    return text, tokens


def test_documents_kept_stay_within_a_bound_of_bytes(api: Api) -> None:
    anonymous = api.as_viewer(None)
    text_before, tokens_before = documents_held()
    ids = 300
    same_ids = ", ".join(['"x"'] * ids)
    query = f"{{ nodes(ids: [{same_ids}]) {{ id }} }}"
    size = MAX_DOCUMENT_BYTES - 10
    for i in range(documents.DOCUMENTS_KEPT + 16):
        # Distinct, as long as the size limit allows: a long comment (no token limit sees it), then the query.
        comment = f"# {i} ".ljust(size - len(query) - 1, "x")
        body = anonymous.post(f"{comment}\n{query}")
        assert body["errors"][0]["message"] == f"`nodes` takes at most 100 ids, got {ids}"
    for i in range(20):  # 1 MB bodies, as many as an attacker likes: refused unread
        body = anonymous.post(f"# {i} ".ljust(1_000_000, "x") + "\n{ viewer { name } }")
        assert body["errors"][0]["extensions"]["code"] == "DOCUMENT_TOO_LARGE"
    text, tokens = documents_held()
    assert text - text_before <= documents.DOCUMENTS_KEPT * size
    assert tokens - tokens_before <= documents.DOCUMENTS_KEPT * (ids + 20)


def test_the_anonymous_check_walks_each_distinct_document_once_off_the_event_loop(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    walks: list[str] = []
    walk = graphql_visit

    def counted(*args: Any) -> Any:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            walks.append("on a worker thread")
        else:
            walks.append("on the event loop")
        return walk(*args)

    monkeypatch.setattr(anonymous, "visit", counted)
    unique = uuid.uuid4().hex  # documents no other test sends: what is found in one is kept for the process
    private = f'{{ t{unique}: __typename node(id: "x") {{ ... on Person {{ email }} }} }}'
    public = f"{{ t{unique}: __typename viewer {{ name }} }}"
    caller = api.as_viewer(None)
    for _ in range(3):
        body = caller.post(private)
        assert body["data"] is None
        assert [(error["message"], error["extensions"]["code"]) for error in body["errors"]] == [
            ("sign in to read Person.email: anonymous callers see only public profile fields", "UNAUTHENTICATED")
        ]
        assert caller.data(public) == {f"t{unique}": "Query", "viewer": None}
    assert api.data(private) == {f"t{unique}": "Query", "node": None}  # signed in: no such walk at all
    assert walks == ["on a worker thread"] * 2, "two distinct documents, each walked once"


def test_an_anonymous_document_full_of_private_fields_gets_a_bounded_list_of_refusals(api: Api) -> None:
    # Each refusal works out its line and column from the start of the text: thousands cost seconds.
    fields = " ".join(f"f{i}: email" for i in range(anonymous.MAX_REFUSALS + 50))
    body = api.as_viewer(None).post(f'{{ node(id: "x") {{ ... on Person {{ {fields} }} }} }}')
    messages = [error["message"] for error in body["errors"]]
    assert messages == [
        *["sign in to read Person.email: anonymous callers see only public profile fields"] * anonymous.MAX_REFUSALS,
        f"more fields need sign-in; only the first {anonymous.MAX_REFUSALS} are named",
    ]
    assert {error["extensions"]["code"] for error in body["errors"]} == {"UNAUTHENTICATED"}
