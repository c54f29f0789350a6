"""Who may read what (docs/security.md): a person's private values are theirs and admins', nobody else's.

Every read rule is decided here, once per request, for the viewer. A statement then applies the
decision row by row: entity fields through api.graph.plan.Access (rendered with the conditions
of api.graph.relations.OWNED), network answers through a Viewpoint (rendered with the
encounter-sharing conditions of api.graph.links). So another person's private value reads as null,
false or an empty list inside any answer, never as an error that would blank the list around it.
Who may write what is api.gql.permissions.
"""

from __future__ import annotations

from api.auth.viewer import Viewer
from api.graph.links import Viewpoint
from api.graph.plan import Access

PRIVATE: frozenset[tuple[str, str]] = frozenset(
    {
        ("Person", "email"),
        ("Person", "sharesEncounters"),
        ("Person", "interviews"),
        ("Person", "interviewsToConfirm"),
        ("Interview", "notes"),  # the interview's candidate owns it
    }
)
"""Fields only their owner (the person; an interview's candidate) and admins may read."""

HIDDEN_AS: dict[tuple[str, str], bool] = {("Person", "sharesEncounters"): False}
"""What a private field reads as where the viewer may not see it, when not null (its type is non-null)."""


def owner_access(viewer: Viewer | None) -> Access:
    """Access to a private value for this viewer: everything for an admin, their own rows for a person."""
    if viewer is None:
        return Access.NONE
    return Access.ALL if viewer.is_admin else Access.OWNER


def viewer_class(viewer: Viewer | None) -> str:
    """What every read rule above decides by: whether the viewer is anonymous, a person or an admin.

    Reads planned for one viewer serve every viewer of the same class (api.gql.kept_reads): their
    plans differ only in whose rows an Access.OWNER condition matches, a parameter of the statement.
    """
    if viewer is None:
        return "anonymous"
    return "admin" if viewer.is_admin else "person"


def field_access(viewer: Viewer | None, type_name: str, field: str) -> Access:
    return owner_access(viewer) if (type_name, field) in PRIVATE else Access.ALL


def interview_access(viewer: Viewer | None) -> Access:
    """An interview is a node (for `node` and `nodes`) only for its candidate and admins."""
    return owner_access(viewer)


def network_viewpoint(viewer: Viewer | None, person_key: str) -> Viewpoint | None:
    """Whom a person's network answers (all but mutualConnections) are computed for; None: nobody here may see them.

    The person themself, or an admin (who sees every interview encounter); anyone else reads them as
    empty or null. mutualConnections follows KNOWS links only, which are everyone's to see.
    """
    if viewer is None or not (viewer.is_admin or viewer.person_id == person_key):
        return None
    return Viewpoint(viewer.person_id, admin=viewer.is_admin)
