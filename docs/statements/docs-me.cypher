// docs-me: what the GraphQL document below compiles to, one statement per root field.
//
//   query Me {
//     viewer { id name headline location email openToWork
//       currentPositions { title startedOn company { name } } }
//   }

MATCH (n0:Person {id: $id})
RETURN n0 {
  .id, .name, .headline, .location, email: CASE WHEN n0.id = $viewer THEN n0.email END, openToWork: coalesce(n0.openToWork, false),
  currentPositions: COLLECT {
    MATCH (n0)-[r2:WORKS_AT]->(n1:Company)
    WHERE r2.endedOn IS NULL
    WITH r2, n1 ORDER BY r2.startedOn IS NULL, r2.startedOn DESC, n1.name, n1.id
    RETURN {
      title: r2.title, startedOn: r2.startedOn,
      company: n1 {.id, .name}
    }
  }
} AS node
