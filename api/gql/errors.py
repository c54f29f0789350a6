"""Errors a client cannot fix by changing input values: raised, with a stable extensions.code."""

from __future__ import annotations

from graphql import GraphQLError


class ClientError(GraphQLError):
    """An expected error whose message is safe to show, with a machine-readable code."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message, extensions={"code": code})
        self.code = code


def bad_argument(message: str) -> ClientError:
    return ClientError(message, "BAD_USER_INPUT")
