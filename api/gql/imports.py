"""The `importCsv` mutation: the CSV importer behind a GraphQL multipart upload.

The schema merges `ImportMutation` into `Mutation`. The upload is spooled to a temporary
file (the importer reads a file twice: validate, then write); its size is bounded by the
HTTP layer (api.web.limits.BodyLimit, CROSSPATHS_MAX_UPLOAD_BYTES), and multipart bodies
are accepted for this mutation only (api.gql.guard).

Who may import what (docs/security.md, write rules): admins any kind, for anyone; a person
only their own LinkedIn connections, which may create people and the person's own KNOWS links
but never change a person already in the graph (seeds.linkedin.sheet's `enrich`).
"""

from __future__ import annotations

import enum
import tempfile
from pathlib import Path

import strawberry
from starlette.datastructures import UploadFile
from strawberry.file_uploads import Upload

from api.gql.context import Info
from api.gql.errors import ClientError
from api.gql.ids import local_id, to_global_id
from api.gql.permissions import require_admin, require_self_or_admin, require_viewer
from api.gql.validation import Check, UserError
from seeds import linkedin, statements
from seeds.formats import BY_KIND
from seeds.importer import import_sheets
from seeds.report import ImportReport as Report
from seeds.sheets import Sheet, format_sheet

_CHUNK = 64 * 1024
# A person's own LinkedIn import creates people, and an upload costs one point of the rate limit
# whatever its size: LinkedIn itself caps a member at 30,000 connections, and so do we.
MAX_PERSONAL_IMPORT_LINES = 30_000


@strawberry.enum
class CsvKind(enum.Enum):
    LINKEDIN_CONNECTIONS = "LINKEDIN_CONNECTIONS"
    PEOPLE = "PEOPLE"
    COMPANIES = "COMPANIES"
    ROLES = "ROLES"
    POSITIONS = "POSITIONS"
    CONNECTIONS = "CONNECTIONS"
    INTERVIEWS = "INTERVIEWS"


@strawberry.input
class ImportCsvInput:
    kind: CsvKind
    file: Upload
    owner_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="LINKEDIN_CONNECTIONS only: whose connections these are; you, when left out.",
    )
    dry_run: bool | None = False


@strawberry.type
class ImportRowError:
    line: int
    column: str | None
    message: str


@strawberry.type
class ImportReport:
    rows_read: int
    created: int = strawberry.field(
        description="Rows that created what they describe; for LINKEDIN_CONNECTIONS, connections made "
        "(whether the person was already in the graph or not)."
    )
    updated: int = strawberry.field(description="Rows that changed something already in the graph.")
    skipped: int
    errors: list[ImportRowError]

    @classmethod
    def from_report(cls, report: Report) -> ImportReport:
        errors = [ImportRowError(line=e.line, column=e.column, message=e.message) for e in report.errors]
        return cls(
            rows_read=report.rows_read,
            created=report.created,
            updated=report.updated,
            skipped=report.skipped,
            errors=errors,
        )


@strawberry.type
class ImportPayload:
    report: ImportReport | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


async def _spool(upload: object, into: Path) -> bool:
    """Copy the upload (Starlette's UploadFile) to `into`; False when it is not an uploaded file."""
    if not isinstance(upload, UploadFile):
        return False
    try:
        with into.open("wb") as out:
            while chunk := await upload.read(_CHUNK):
                out.write(chunk)
    finally:
        # Strawberry hands the parsed upload over and never closes it.
        await upload.close()
    return True


def _authorize(info: Info, data: ImportCsvInput) -> str | None:
    """Refuse a caller who may not make this import; the owner of a LinkedIn import (None: unknown)."""
    if data.kind is not CsvKind.LINKEDIN_CONNECTIONS:
        require_admin(info, "import people, companies, roles, positions, connections or interviews")
        return None
    if data.owner_id is not None:
        require_self_or_admin(info, data.owner_id, "import LinkedIn connections")
        return data.owner_id
    person = require_viewer(info).person_id
    return to_global_id("Person", person) if person is not None else None


async def _sheet(
    info: Info, data: ImportCsvInput, owner_id: str | None, check: Check, *, path: Path, name: str
) -> Sheet | None:
    if data.kind is not CsvKind.LINKEDIN_CONNECTIONS:
        return format_sheet(BY_KIND[data.kind.value.lower()], path, name)
    if owner_id is None:  # an admin token that names no person
        message = "ownerId is needed: your token names no person, so say whose LinkedIn connections these are"
        check.fail("ownerId", message, "REQUIRED")
        return None
    owner = local_id(owner_id, "Person")
    if owner is None or not await info.context.graph.read(statements.OWNER, ref=owner):
        check.fail("ownerId", f"no person with id {owner_id}", "NOT_FOUND")
        return None
    viewer = info.context.viewer
    admin = viewer is not None and viewer.is_admin
    if not admin and _lines(path) > MAX_PERSONAL_IMPORT_LINES:
        message = f"a LinkedIn export has at most {MAX_PERSONAL_IMPORT_LINES:,} connections; this file has more lines"
        check.fail("file", message, "TOO_MANY")
        return None
    return linkedin.sheet(path, owner, name, enrich=admin)


def _lines(path: Path) -> int:
    with path.open("rb") as file:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: file.read(_CHUNK), b""))


@strawberry.type
class ImportMutation:
    @strawberry.mutation(
        description="Seed from a CSV export (multipart upload). dryRun validates and reports without writing."
    )
    async def import_csv(self, info: Info, input: ImportCsvInput) -> ImportPayload:
        owner_id = _authorize(info, input)
        check = Check()
        name = Path(getattr(input.file, "filename", None) or f"{input.kind.value.lower()}.csv").name
        with tempfile.TemporaryDirectory(prefix="crosspaths-import-") as folder:
            path = Path(folder) / "upload.csv"
            if not await _spool(input.file, path):
                check.fail("file", "must be a file sent as a GraphQL multipart upload", "REQUIRED")
                return ImportPayload(user_errors=check.errors)
            sheet = await _sheet(info, input, owner_id, check, path=path, name=name)
            if sheet is None:
                return ImportPayload(user_errors=check.errors)
            [report] = await import_sheets(info.context.graph, [sheet], dry_run=bool(input.dry_run))
        if report.stopped == "unavailable":
            # Not a row to fix: the code every other request gets when the database is away.
            message = "the database was unavailable, so nothing from this import was written: retry shortly"
            raise ClientError(message, "DATABASE_UNAVAILABLE")
        request = info.context.request
        if not input.dry_run and request is not None:
            # As `crosspaths seed` does, but after this answer: a large import re-plans in the background.
            request.app.state.replanner.after_import(report.created + report.updated)
        return ImportPayload(report=ImportReport.from_report(report))
