"""Who may do what: the privacy and write rules of docs/security.md, as checks resolvers call."""

from __future__ import annotations

from api.auth.viewer import Viewer
from api.gql.context import Info
from api.gql.errors import ClientError
from api.gql.ids import local_id


def require_viewer(info: Info) -> Viewer:
    viewer = info.context.viewer
    if viewer is None:
        raise ClientError("sign in first: send Authorization: Bearer <token>", "UNAUTHENTICATED")
    return viewer


def require_admin(info: Info, action: str) -> Viewer:
    viewer = require_viewer(info)
    if not viewer.is_admin:
        raise ClientError(f"only admins can {action}", "FORBIDDEN")
    return viewer


def require_self_or_admin(info: Info, person_global_id: str, action: str) -> Viewer:
    """The viewer acting on their own behalf (the id is theirs), or an admin."""
    viewer = require_viewer(info)
    if viewer.is_admin:
        return viewer
    if viewer.person_id is None or local_id(person_global_id, "Person") != viewer.person_id:
        raise ClientError(f"you can only {action} for yourself", "FORBIDDEN")
    return viewer


def may_name(viewer: Viewer, person_id: str) -> bool:
    """Whether the viewer may name this person as a role's hiring manager or recruiter.

    Naming someone puts the write into their private views (their network, their opportunities), so a
    person names only themself and an admin anyone (docs/security.md, "Write rules").
    """
    return viewer.is_admin or viewer.person_id == person_id
