"""The network fields of Person: opportunities, paths, degree, encounters, mutual connections, suggestions, stats.

Each one checks its arguments, applies the privacy rule, runs its own search statement
(api.graph.network) and builds its answer (api.gql.network_types). The people and roles an answer
shows are entity read-models: made from the search's own rows when the selection below asks only
for what those rows hold, else read in one more statement for all of them (api.gql.shown).

They do not join the entity statement yet: their Cypher is a bounded breadth-first search with
fixed parameter names ($personId, $maxHops, $kinds, $viewerId, ...), one per statement, and is
being reworked for transaction memory (issue 20); see docs/benchmarks.md for what is left before it
can be nested as a subquery of a read plan.

Privacy (api.gql.privacy.network_viewpoint): a person's network answers are theirs and admins'.
For anyone else they read as empty (or null), never as an error, so a list of people keeps every
person's public fields. Answers are computed for the viewer (api.graph.links.Viewpoint): the person
sees their own interview encounters and those between people who both share theirs; an admin sees
them all.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, TypedDict

from api.gql import privacy, reasons, shown
from api.gql.context import Info
from api.gql.enums import INTERVIEW_OUTCOME, INTERVIEW_STAGE, LINK_KIND, LinkKind
from api.gql.errors import bad_argument
from api.gql.ids import NodeType, local_id
from api.gql.network_types import (
    Encounter,
    InterviewStats,
    Opportunity,
    OpportunityFilter,
    OutcomeCount,
    Path,
    PathStep,
    PersonSuggestion,
    StageCount,
)
from api.gql.pagination import Connection, Window
from api.graph import network as queries
from api.graph.links import MAX_SEARCH_HOPS, StepRow
from api.graph.rows import PersonRow
from api.graph.temporal import as_date

if TYPE_CHECKING:
    from api.gql.entities import Person, Role

MAX_PATHS = 5


class _Slice(TypedDict):
    skip: int
    limit: int
    from_end: bool


_FROM, _TO = ("steps", "from"), ("steps", "to")


def hops_argument(max_hops: int | None, default: int, most: int, field: str) -> int:
    """The `maxHops` a network field is given (`default` when omitted), checked to be 1..`most`."""
    hops = default if max_hops is None else max_hops
    if not 1 <= hops <= most:
        raise bad_argument(f"`maxHops` on `{field}` must be between 1 and {most}, got {hops}")
    return hops


def key_argument(global_id: str, argument: str, node_type: NodeType = "Person") -> str:
    """The local id in an ID argument, which must name a node of `node_type`."""
    found = local_id(global_id, node_type)
    if found is None:
        raise bad_argument(f"`{argument}` is not the ID of a {node_type}: {global_id!r}")
    return found


class _Link(TypedDict):
    kind: LinkKind
    on: date | None
    context: str | None


def _link(row: StepRow | queries.EncounterRow) -> _Link:
    """How a link reads in an answer, a path's step or an encounter alike: its kind, date and context."""
    return {
        "kind": LINK_KIND[row["kind"]],
        "on": as_date(row["on"]),
        "context": reasons.context(row["kind"], row["companyName"]),
    }


def _steps(rows: list[StepRow], people: dict[str, Person]) -> Path:
    steps = [
        PathStep(
            **_link(row),
            from_=people.get(row["fromId"]),
            to=people.get(row["toId"]),
            hypothetical=bool(row.get("hypothetical")),
        )
        for row in rows
    ]
    return Path(hops=len(steps), steps=steps)


def _slice(window: Window) -> _Slice:
    """The page of a network statement (api.graph.network.PAGE_START)."""
    skip, limit, from_end = window.sliced
    return {"skip": skip, "limit": limit, "from_end": from_end}


async def opportunities(
    info: Info,
    person_key: str,
    *,
    max_hops: int | None,
    window: Window,
    filter: OpportunityFilter | None,
) -> Connection[Opportunity]:
    narrow = filter or OpportunityFilter()
    hops = hops_argument(max_hops, 2, queries.MAX_OPPORTUNITY_HOPS, "opportunities")
    company = None if narrow.company_id is None else key_argument(narrow.company_id, "filter.companyId", "Company")
    viewer = privacy.network_viewpoint(info.context.viewer, person_key)
    if viewer is None:
        return window.connection([], total=0)
    result = await queries.opportunities(
        info.context.graph,
        person_key,
        max_hops=hops,
        **_slice(window),
        company_id=company,
        title_contains=narrow.title_contains,
        remote=narrow.remote,
        kinds=kind_values(narrow.kinds),
        viewer=viewer,
        for_response=True,
    )
    found = await shown_opportunities(info, result["page"], result["people"], at=("edges", "node"))
    return window.connection(found, total=result["total"])


async def shown_opportunities(
    info: Info, page: list[queries.OpportunityRow], people: list[PersonRow], *, at: tuple[str, ...]
) -> list[Opportunity]:
    """The Opportunity answers for rows of the opportunities search (its `page` and `people`).

    `at` is where each Opportunity sits below the field being resolved: ("edges", "node") in the
    opportunities connection, () for Subscription.opportunityOpened, whose messages are made here too,
    ("newOpportunities", "edges", "node") below an interview value, whose rows are made the same way.
    """
    # The search returns every role, company and person the page shows, as rows.
    person_rows = {row["id"]: row for row in people} | {row["contactId"]: row["contact"] for row in page}
    shown_people = await shown.shown(
        info, "Person", person_rows, [(*at, "contact"), (*at, "paths", *_FROM), (*at, "paths", *_TO)]
    )
    role_rows = {row["roleId"]: {**row["role"], "company": row["company"]} for row in page}
    roles: dict[str, Role] = await shown.shown(info, "Role", role_rows, [(*at, "role")])
    today = queries.today()
    found = []
    for row in page:
        first_step = row["paths"][0][0] if row["paths"] else None
        bridge = person_rows[first_step["toId"]]["name"] if first_step is not None else None
        contact = person_rows[row["contactId"]]
        if first_step is None:
            met = None
        elif first_step.get("hypothetical"):
            met = reasons.how_you_would_meet(first_step["companyName"], str(bridge))
        else:
            met = reasons.how_you_met(
                first_step["kind"], as_date(first_step["on"]), first_step["companyName"], str(bridge), today
            )
        found.append(
            Opportunity(
                hops=row["hops"],
                score=row["score"],
                paths=[_steps(steps, shown_people) for steps in row["paths"]],
                future_prospect=bool(row["futureProspect"]),
                role=roles.get(row["roleId"]),
                contact=shown_people.get(row["contactId"]),
                reasons=reasons.for_opportunity(
                    met=met,
                    bridge=bridge,
                    hops=row["hops"],
                    contact=contact["name"],
                    ties=row["ties"],
                    role_title=row["role"]["title"],
                    company=row["company"]["name"],
                    future_prospect=bool(row["futureProspect"]),
                ),
            )
        )
    return found


def kind_values(kinds: list[LinkKind] | None) -> list[str] | None:
    """The link kinds a field follows, as the graph queries take them (None: every kind)."""
    return None if kinds is None else [kind.value for kind in kinds]


async def paths_to(
    info: Info,
    person_key: str,
    *,
    person_id: str,
    max_hops: int | None,
    first: int | None,
    kinds: list[str] | None = None,
) -> list[Path]:
    count = 3 if first is None else first
    if not 1 <= count <= MAX_PATHS:
        raise bad_argument(f"`first` on `pathsTo` must be between 1 and {MAX_PATHS}, got {count}")
    target = key_argument(person_id, "personId")
    hops = hops_argument(max_hops, 4, MAX_SEARCH_HOPS, "pathsTo")
    viewer = privacy.network_viewpoint(info.context.viewer, person_key)
    if viewer is None:
        return []
    result = await queries.paths_to(
        info.context.graph,
        person_key,
        target,
        max_hops=hops,
        first=count,
        kinds=kinds,
        viewer=viewer,
        for_response=True,
    )
    paths = [row["steps"] for row in result["paths"]]
    people = await shown.shown(info, "Person", {row["id"]: row for row in result["people"]}, [_FROM, _TO])
    return [_steps(steps, people) for steps in paths]


async def degree_to(info: Info, person_key: str, *, person_id: str, kinds: list[str] | None = None) -> int | None:
    target = key_argument(person_id, "personId")
    viewer = privacy.network_viewpoint(info.context.viewer, person_key)
    if viewer is None:
        return None
    return await queries.degree(info.context.graph, person_key, target, kinds=kinds, viewer=viewer)


async def mutual_connections(info: Info, person_key: str, *, other_id: str, window: Window) -> Connection[Person]:
    other = key_argument(other_id, "otherId")
    page = await queries.mutual_connections(info.context.graph, person_key, other, **_slice(window))
    rows = {row["id"]: row for row in page["page"]}
    people = await shown.shown(info, "Person", rows, [("edges", "node")])
    return window.connection([people[key] for key in rows if key in people], total=page["total"])


async def encounters(info: Info, person_key: str, window: Window) -> Connection[Encounter]:
    viewer = privacy.network_viewpoint(info.context.viewer, person_key)
    if viewer is None:
        return window.connection([], total=0)
    page = await queries.encounters(info.context.graph, person_key, **_slice(window), viewer=viewer)
    rows = page["page"]
    people = await shown.shown(
        info, "Person", {row["person"]["id"]: row["person"] for row in rows}, [("edges", "node", "person")]
    )
    found = [Encounter(**_link(row), person=people.get(row["person"]["id"])) for row in rows]
    return window.connection(found, total=page["total"])


async def suggestions(info: Info, person_key: str, *, first: int | None) -> list[PersonSuggestion]:
    window = Window.of("suggestions", first=first, default=10)
    viewer = privacy.network_viewpoint(info.context.viewer, person_key)
    if viewer is None:
        return []
    rows = await queries.suggestions(info.context.graph, person_key, limit=window.size, viewer=viewer)
    # The reasons name a few shared contacts: the statement returns their rows with the people suggested.
    names = shown.selects(info, ("reasons",))
    found = {person["id"]: person for row in rows for person in (row["person"], *(row["mutuals"] if names else ()))}
    people = await shown.shown(info, "Person", found, [("person",)], names=names)
    return [
        PersonSuggestion(
            score=row["score"],
            mutual_count=row["mutualCount"],
            person=people.get(row["person"]["id"]),
            reasons=reasons.for_suggestion(
                row["mutualCount"],
                [str(people[mutual["id"]].name) for mutual in row["mutuals"] if mutual["id"] in people],
                list(row["sharedEmployers"]),
                list(row["sharedInterviews"]),
            ),
        )
        for row in rows
    ]


async def interview_stats(info: Info, person_key: str) -> InterviewStats | None:
    viewer = privacy.network_viewpoint(info.context.viewer, person_key)
    if viewer is None:
        return None
    row = await queries.interview_stats(info.context.graph, person_key, viewer=viewer)
    if row is None:
        return None
    return InterviewStats(
        as_candidate=row["asCandidate"],
        practice=row["practice"],
        real=row["asCandidate"] - row["practice"],
        as_interviewer=row["asInterviewer"],
        by_stage=[StageCount(stage=INTERVIEW_STAGE[s["value"]], count=s["count"]) for s in row["byStage"]],
        by_outcome=[OutcomeCount(outcome=INTERVIEW_OUTCOME[o["value"]], count=o["count"]) for o in row["byOutcome"]],
        people_met=row["peopleMet"],
        people_met_at_hiring_companies=row["peopleMetAtHiringCompanies"],
    )
