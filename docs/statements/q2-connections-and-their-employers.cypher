// q2-connections-and-their-employers: what the GraphQL document below compiles to, one statement per root field.
//
//   query($id: ID!) { node(id: $id) { ... on Person {
//     connections(first: 20) { edges { node { id name currentPositions { company { id name } } } } } } } }

MATCH (n0:Person {id: $id})
RETURN n0 {
  .id,
  pages: {
    connections: {
      items: COLLECT {
        MATCH (n0)-[:KNOWS]-(n1:Person)
        WHERE n1 <> n0
        WITH DISTINCT n1 ORDER BY n1.name, n1.id SKIP $p0 LIMIT $p1
        RETURN n1 {
          .id, .name,
          currentPositions: COLLECT {
            MATCH (n1)-[r3:WORKS_AT]->(n2:Company)
            WHERE r3.endedOn IS NULL
            WITH r3, n2 ORDER BY r3.startedOn IS NULL, r3.startedOn DESC, n2.name, n2.id
            RETURN {
              company: n2 {.id, .name}
            }
          }
        }
      }
    }
  }
} AS node
