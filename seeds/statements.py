"""The Cypher every importer writes with: one batched `UNWIND $rows` statement per kind of row.

Each statement MERGEs on a natural key backed by a unique constraint (schema/001, schema/003),
so re-running a batch, a file or a crashed import never duplicates anything. Each returns one
row {created, updated}: rows whose entity did not exist, and rows that changed an existing one
(the rest are unchanged). New nodes are told apart with a transient `importNew` marker set
ON CREATE and removed in the same statement.

A person reference (`row.person`, `row.other`, `row.candidate`, ...) is a normalised email
or LinkedIn profile URL. CONNECTIONS and MISSING_PEOPLE match it on the one property its kind
names (is_url_ref), one index seek; the others still match either property (an OR: two seeks).
"""

from __future__ import annotations

from typing import Any, LiteralString

_COUNTS = """
RETURN count(CASE WHEN created THEN 1 END) AS created,
       count(CASE WHEN NOT created AND NOT same THEN 1 END) AS updated
"""
# A statement that MATCHes every person its rows name also returns how many rows got past those
# matches: fewer than it was given means a reference matched nobody (Format.proves_references).
_COUNTS_WRITTEN = (
    _COUNTS.rstrip()
    + """,
       count(*) AS written
"""
)

# Companies created on the fly by rows that name one (roles, positions, interviews, LinkedIn).
_MERGE_COMPANY = """
MERGE (c:Company {nameKey: row.companyKey})
  ON CREATE SET c.id = randomUUID(), c.name = row.company, c.createdAt = datetime()
"""

# $rows: [{nameKey, props: {name, domain?, industry?}}]
COMPANIES: LiteralString = (
    """
UNWIND $rows AS row
MERGE (c:Company {nameKey: row.nameKey})
  ON CREATE SET c.id = randomUUID(), c.createdAt = datetime(), c.importNew = true
WITH c, row, c.importNew IS NOT NULL AS created, all(k IN keys(row.props) WHERE c[k] = row.props[k]) AS same
SET c += row.props
REMOVE c.importNew
"""
    + _COUNTS
)

# $rows: [{linkedinUrl, email, props: {name, email?, linkedinUrl?, headline?, location?, openToWork?,
#          sharesEncounters?}}]
# Found by profile URL first, then email, so a person the API created with an email only
# gains the URL instead of being duplicated.
PEOPLE: LiteralString = (
    """
UNWIND $rows AS row
OPTIONAL MATCH (byUrl:Person {linkedinUrl: row.linkedinUrl})
OPTIONAL MATCH (byEmail:Person {email: row.email})
WITH row, coalesce(byUrl, byEmail) AS found
CALL (row, found) {
  WITH row, found WHERE found IS NULL
  CREATE (p:Person {id: randomUUID(), createdAt: datetime()})
  RETURN p, true AS created
  UNION
  WITH row, found WHERE found IS NOT NULL
  RETURN found AS p, false AS created
}
WITH p, row, created, all(k IN keys(row.props) WHERE p[k] = row.props[k]) AS same
SET p += row.props
"""
    + _COUNTS
)

# $rows: [{key, company, companyKey, props: {title, status, location?, remote?, postedOn?},
#          hiringManager: ref|null, recruiters: [ref], skills: [str]}]
ROLES: LiteralString = (
    """
UNWIND $rows AS row
"""
    + _MERGE_COMPANY
    + """
MERGE (r:Role {key: row.key})
  ON CREATE SET r.id = randomUUID(), r.createdAt = datetime(), r.importNew = true
MERGE (r)-[:AT]->(c)
WITH r, row, r.importNew IS NOT NULL AS created, all(k IN keys(row.props) WHERE r[k] = row.props[k]) AS same,
     coalesce(r.status = 'OPEN', false) AS wasOpen
SET r += row.props
REMOVE r.importNew
// Created or reopened as OPEN: an opening subscribers hear of (schema/030_role_opened_at.cypher).
SET r.openedAt = CASE WHEN r.status = 'OPEN' AND NOT wasOpen THEN datetime() ELSE r.openedAt END
WITH r, row, created, same
CALL (r, row) {
  MATCH (m:Person) WHERE m.email = row.hiringManager OR m.linkedinUrl = row.hiringManager
  MERGE (m)-[:HIRES_FOR]->(r)
}
CALL (r, row) {
  UNWIND row.recruiters AS ref
  MATCH (p:Person) WHERE p.email = ref OR p.linkedinUrl = ref
  MERGE (p)-[:RECRUITS_FOR]->(r)
}
CALL (r, row) {
  UNWIND row.skills AS skill
  MERGE (s:Skill {name: skill})
  MERGE (r)-[:REQUIRES]->(s)
}
"""
    + _COUNTS
)

# $rows: [{person: ref, company, companyKey, title, startedOn, endedOn}]
# The relationship key is people.POSITION_KEY computed the same way, so the API and imports agree.
POSITIONS: LiteralString = (
    """
UNWIND $rows AS row
MATCH (p:Person) WHERE p.email = row.person OR p.linkedinUrl = row.person
"""
    + _MERGE_COMPANY
    + """
MERGE (p)-[w:WORKS_AT {key: coalesce(toString(row.startedOn), '?') + '|' + toLower(trim(coalesce(row.title, '')))}]->(c)
  ON CREATE SET w.importNew = true
WITH w, row, w.importNew IS NOT NULL AS created,
     w.title = row.title AND coalesce(w.endedOn = row.endedOn, w.endedOn IS NULL AND row.endedOn IS NULL) AS same
SET w.title = row.title, w.startedOn = row.startedOn, w.endedOn = row.endedOn
REMOVE w.importNew
"""
    + _COUNTS_WRITTEN
)


# $rows: [{person: ref, other: ref, since: 'YYYY-MM-DD'|null}], $source: 'csv'|'linkedin'
# One KNOWS per pair whichever direction it was recorded in; a known date fills a missing one.
# One statement per kind of each reference (see connections_for): each person is one index seek,
# where `email = ref OR linkedinUrl = ref` cost two locking seeks (the OR plans as a Union of both)
# and a quarter of the write time. Existing links are looked up with a pattern comprehension
# and written with FOREACH rather than collect() and CALL subqueries: measured ~8% faster.
def _connections(person_by: LiteralString, other_by: LiteralString) -> LiteralString:
    return (
        """
UNWIND $rows AS row
MATCH (a:Person {"""
        + person_by
        + """: row.person})
MATCH (b:Person {"""
        + other_by
        + """: row.other})
WITH a, b, date(row.since) AS since, [(a)-[k:KNOWS]-(b) | k][0] AS existing
WITH a, b, since, existing, existing IS NULL AS created,
     existing IS NOT NULL AND existing.since IS NULL AND since IS NOT NULL AS fills
FOREACH (_ IN CASE WHEN created THEN [1] END | CREATE (a)-[:KNOWS {since: since, source: $source}]->(b))
FOREACH (_ IN CASE WHEN fills THEN [1] END | SET existing.since = since)
RETURN count(CASE WHEN created THEN 1 END) AS created, count(CASE WHEN fills THEN 1 END) AS updated,
       count(*) AS written
"""
    )


_CONNECTIONS_BY: dict[tuple[bool, bool], LiteralString] = {
    (person_url, other_url): _connections(
        "linkedinUrl" if person_url else "email", "linkedinUrl" if other_url else "email"
    )
    for person_url in (False, True)
    for other_url in (False, True)
}
CONNECTIONS: LiteralString = _CONNECTIONS_BY[False, False]


def is_url_ref(ref: str) -> bool:
    """Whether a person reference is a LinkedIn URL rather than an email.

    fields.person_ref normalises a cell with '@' as an email and any other as a profile URL,
    and linkedin_key keeps no '@' in what it returns, so the '@' alone tells the two apart.
    """
    return "@" not in ref


def connections_for(row: dict[str, Any]) -> LiteralString:
    """The CONNECTIONS statement that matches this row's two people by the kind of key each is."""
    return _CONNECTIONS_BY[is_url_ref(row["person"]), is_url_ref(row["other"])]


# $rows: [{candidate: ref, company, companyKey, roleKey: str|null, interviewers: [ref],
#          date, stage, props: {date, stage?, outcome?, notes?, practice}}]
# An interview is keyed by its candidate, company, date and stage.
INTERVIEWS: LiteralString = (
    """
UNWIND $rows AS row
MATCH (cand:Person) WHERE cand.email = row.candidate OR cand.linkedinUrl = row.candidate
"""
    + _MERGE_COMPANY
    + """
MERGE (i:Interview {key: cand.id + '|' + row.companyKey + '|' + toString(row.date) + '|' + coalesce(row.stage, '')})
  ON CREATE SET i.id = randomUUID(), i.createdAt = datetime(), i.importNew = true
MERGE (cand)-[:CANDIDATE_IN]->(i)
MERGE (i)-[:WITH]->(c)
WITH i, row, i.importNew IS NOT NULL AS created, all(k IN keys(row.props) WHERE i[k] = row.props[k]) AS same
SET i += row.props
REMOVE i.importNew
WITH i, row, created, same
CALL (i, row) {
  MATCH (r:Role {key: row.roleKey})
  MERGE (i)-[:FOR]->(r)
}
CALL (i, row) {
  UNWIND row.interviewers AS ref
  MATCH (p:Person) WHERE p.email = ref OR p.linkedinUrl = ref
  MERGE (p)-[:INTERVIEWER_IN]->(i)
}
"""
    + _COUNTS
)

# $emails, $urls: person references by kind (is_url_ref) -> those that match nobody in the graph.
# One index seek each, where `email = ref OR linkedinUrl = ref` cost two.
MISSING_PEOPLE: LiteralString = """
UNWIND $emails AS ref
OPTIONAL MATCH (p:Person {email: ref})
WITH ref, p WHERE p IS NULL
RETURN ref
UNION ALL
UNWIND $urls AS ref
OPTIONAL MATCH (p:Person {linkedinUrl: ref})
WITH ref, p WHERE p IS NULL
RETURN ref
"""

# $keys: [role key] -> the role keys that match no role in the graph.
MISSING_ROLES: LiteralString = """
UNWIND $keys AS key
OPTIONAL MATCH (r:Role {key: key})
WITH key, count(r) AS found WHERE found = 0
RETURN key AS ref
"""

# $ownerId, $enrich, $rows: [{linkedinUrl, email, importKey, name, company, companyKey, title, since}]
# A connection is found by profile URL, then email, then (older exports with neither) the
# owner-scoped importKey, or created with the row's name, URL, email and a current position at
# its company. Every row gets a KNOWS from the owner (unless they are already linked). Only with
# $enrich (an admin's import) does a person found gain anything: the row's URL when they have
# none, and a current position at the company (unless they have one there with that title).
# Emails are private, profile URLs are public: without $enrich a row's email is neither matched nor
# stored, so a person's import can neither find out whose an email is (whom they were linked to)
# nor reserve someone else's email on a person it creates.
# Counts are of connections, not people: `created` is a KNOWS made whether the person was found
# or created, so a non-admin's report reads the same whether a row's email belongs to someone.
LINKEDIN: LiteralString = """
MATCH (owner:Person {id: $ownerId})
UNWIND $rows AS row
OPTIONAL MATCH (byUrl:Person {linkedinUrl: row.linkedinUrl})
WITH owner, row, byUrl, CASE WHEN $enrich THEN row.email END AS email
OPTIONAL MATCH (byEmail:Person {email: email})
OPTIONAL MATCH (byKey:Person {importKey: row.importKey})
WITH owner, row, email, coalesce(byUrl, byEmail, byKey) AS found
CALL (row, email, found) {
  WITH row, email, found WHERE found IS NULL
  CREATE (p:Person {id: randomUUID(), createdAt: datetime(), name: row.name, linkedinUrl: row.linkedinUrl,
                    email: email})
  SET p.importKey = CASE WHEN row.linkedinUrl IS NULL AND email IS NULL THEN row.importKey END
  RETURN p, true AS created, false AS filled
  UNION
  WITH row, email, found WHERE found IS NOT NULL
  WITH row, found, $enrich AND found.linkedinUrl IS NULL AND row.linkedinUrl IS NOT NULL AS filled
  FOREACH (_ IN CASE WHEN filled THEN [1] END | SET found.linkedinUrl = row.linkedinUrl)
  RETURN found AS p, false AS created, filled
}
OPTIONAL MATCH (p)-[cur:WORKS_AT]->(:Company {nameKey: row.companyKey})
  WHERE cur.endedOn IS NULL AND toLower(trim(coalesce(cur.title, ''))) = toLower(trim(coalesce(row.title, '')))
OPTIONAL MATCH (owner)-[k:KNOWS]-(p)
WITH owner, row, p, created, filled,
     row.companyKey IS NOT NULL AND (created OR $enrich) AND count(DISTINCT cur) = 0 AS newPosition,
     owner <> p AND count(DISTINCT k) = 0 AS newLink
CALL (p, row, newPosition) {
  WITH p, row, newPosition WHERE newPosition
  MERGE (c:Company {nameKey: row.companyKey})
    ON CREATE SET c.id = randomUUID(), c.name = row.company, c.createdAt = datetime()
  MERGE (p)-[w:WORKS_AT {key: '?|' + toLower(trim(coalesce(row.title, '')))}]->(c)
    ON CREATE SET w.title = row.title, w.startedOn = null, w.endedOn = null
}
CALL (owner, p, row, newLink) {
  WITH owner, p, row, newLink WHERE newLink
  CREATE (owner)-[:KNOWS {since: row.since, source: 'linkedin'}]->(p)
}
RETURN count(CASE WHEN newLink THEN 1 END) AS created,
       count(CASE WHEN NOT newLink AND (newPosition OR filled) THEN 1 END) AS updated
"""

# $ref: an email or a person id -> the owner's id.
OWNER: LiteralString = """
MATCH (p:Person) WHERE p.id = $ref OR p.email = toLower($ref)
RETURN p.id AS id LIMIT 1
"""
