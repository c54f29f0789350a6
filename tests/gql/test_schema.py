"""The schema's parse and validation steps: each distinct document once, its errors every time."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from api.gql import schema
from tests.conftest import Api


def test_a_document_is_validated_once_and_answered_with_its_errors_every_time(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    validated: list[Any] = []
    validate = schema.validate_document

    def counted(*args: Any) -> Any:
        validated.append(args[1])
        return validate(*args)

    monkeypatch.setattr(schema, "validate_document", counted)
    # Documents no other test sends: validation results are kept for the whole process.
    unique = uuid.uuid4().hex
    invalid, valid = f"{{ noSuchField{unique} }}", f"{{ t{unique}: __typename }}"
    for _ in range(2):
        body = api.post(invalid)
        assert [error["extensions"]["code"] for error in body["errors"]] == ["GRAPHQL_VALIDATION_FAILED"]
        assert f"noSuchField{unique}" in body["errors"][0]["message"]
        assert api.post(valid)["data"] == {f"t{unique}": "Query"}
    assert len(validated) == 2, "two distinct documents, each validated once"
