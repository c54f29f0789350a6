"""Opaque global IDs: base64url("Type:id"), as in the Relay and GitHub APIs."""

from __future__ import annotations

import base64
import binascii
from typing import Literal, get_args

NodeType = Literal["Person", "Company", "Role", "Interview"]
NODE_TYPES: tuple[str, ...] = get_args(NodeType)


_URL_SAFE = bytes.maketrans(b"+/", b"-_")


def to_global_id(type_name: NodeType, local_id: str) -> str:
    # base64.urlsafe_b64encode, without its two extra calls: a page of opportunities makes ~40 IDs.
    encoded = binascii.b2a_base64(f"{type_name}:{local_id}".encode(), newline=False)
    return encoded.translate(_URL_SAFE).rstrip(b"=").decode()


def from_global_id(global_id: str) -> tuple[str, str] | None:
    """(type, local id), or None when the text is not one of our IDs."""
    padded = global_id + "=" * (-len(global_id) % 4)
    try:
        # validate: the lenient default drops stray characters, so " " + id or id + "!" named the same node.
        decoded = base64.b64decode(padded.encode("ascii"), altchars=b"-_", validate=True).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        return None
    type_name, sep, local_id = decoded.partition(":")
    if not sep or type_name not in NODE_TYPES or not local_id:
        return None
    return type_name, local_id


def local_id(global_id: str, expected: NodeType) -> str | None:
    """The local id inside `global_id` when it names a node of type `expected`."""
    decoded = from_global_id(global_id)
    if decoded is None or decoded[0] != expected:
        return None
    return decoded[1]
