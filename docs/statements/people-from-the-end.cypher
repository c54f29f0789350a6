// people-from-the-end: what the GraphQL document below compiles to, one statement per root field.
//
//   { people(last: 20) { pageInfo { hasPreviousPage } edges { cursor node { id name } } } }

CALL () {
  MATCH (n0:Person)
  WHERE n0.name IS NOT NULL
    AND ($nameContains IS NULL OR toLower(n0.name) CONTAINS toLower($nameContains))
    AND ($openToWork IS NULL OR coalesce(n0.openToWork, false) = $openToWork)
    AND ($companyId IS NULL OR EXISTS {
          MATCH (n0)-[x1:WORKS_AT]->(:Company {id: $companyId}) WHERE x1.endedOn IS NULL })
  WITH n0 ORDER BY n0.name DESC, n0.id DESC SKIP $skip LIMIT $limit
  RETURN reverse(collect(n0 {.id, .name})) AS items
}
CALL () {
  MATCH (n2:Person)
  WHERE n2.name IS NOT NULL
    AND ($nameContains IS NULL OR toLower(n2.name) CONTAINS toLower($nameContains))
    AND ($openToWork IS NULL OR coalesce(n2.openToWork, false) = $openToWork)
    AND ($companyId IS NULL OR EXISTS {
          MATCH (n2)-[x3:WORKS_AT]->(:Company {id: $companyId}) WHERE x3.endedOn IS NULL })
  RETURN count(n2) AS total
}
RETURN items, total
