// q1-people-with-employers: what the GraphQL document below compiles to, one statement per root field.
//
//   { people(first: 100) { edges { node {
//     id name currentPositions { title startedOn company { id name } } } } } }

CALL () {
  MATCH (n0:Person)
  WHERE n0.name IS NOT NULL
    AND ($nameContains IS NULL OR toLower(n0.name) CONTAINS toLower($nameContains))
    AND ($openToWork IS NULL OR coalesce(n0.openToWork, false) = $openToWork)
    AND ($companyId IS NULL OR EXISTS {
          MATCH (n0)-[x1:WORKS_AT]->(:Company {id: $companyId}) WHERE x1.endedOn IS NULL })
  WITH n0 ORDER BY n0.name, n0.id SKIP $skip LIMIT $limit
  RETURN collect(n0 {
    .id, .name,
    currentPositions: COLLECT {
      MATCH (n0)-[r3:WORKS_AT]->(n2:Company)
      WHERE r3.endedOn IS NULL
      WITH r3, n2 ORDER BY r3.startedOn IS NULL, r3.startedOn DESC, n2.name, n2.id
      RETURN {
        title: r3.title, startedOn: r3.startedOn,
        company: n2 {.id, .name}
      }
    }
  }) AS items
}
RETURN items
