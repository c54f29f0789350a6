// docs-my-network: what the GraphQL document below compiles to, one statement per root field.
//
//   query MyNetwork {
//     viewer {
//       connections(first: 5) { totalCount pageInfo { hasNextPage endCursor } edges { node { name headline } } }
//       interviews(first: 3) { edges { node { date stage outcome company { name } interviewers { name } } } }
//     }
//   }

MATCH (n0:Person {id: $id})
RETURN n0 {
  .id,
  pages: {
    connections: {
      items: COLLECT {
        MATCH (n0)-[:KNOWS]-(n1:Person)
        WHERE n1 <> n0
        WITH DISTINCT n1 ORDER BY n1.name, n1.id SKIP $p0 LIMIT $p1
        RETURN n1 {.id, .name, .headline}
      },
      total: COUNT {
        MATCH (n0)-[:KNOWS]-(n2:Person)
        WHERE n2 <> n0
        RETURN DISTINCT n2
      }
    },
    interviews: CASE WHEN n0.id = $viewer THEN {
      items: COLLECT {
        MATCH (n0)-[x4:CANDIDATE_IN|INTERVIEWER_IN]->(n3:Interview)
        WHERE coalesce(x4.confirmed, true)
        WITH DISTINCT n3 ORDER BY n3.date DESC, n3.id SKIP $p2 LIMIT $p3
        RETURN n3 {
          .id, .date, .stage, .outcome,
          company: COLLECT {
            MATCH (n3)-[:WITH]->(n5:Company)
            RETURN n5 {.id, .name} LIMIT 1
          }[0],
          interviewers: COLLECT {
            MATCH (n6:Person)-[:INTERVIEWER_IN]->(n3)
            WITH n6 ORDER BY n6.name, n6.id
            RETURN n6 {.id, .name}
          }
        }
      }
    } ELSE {items: []} END
  }
} AS node
