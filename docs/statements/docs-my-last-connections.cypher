// docs-my-last-connections: what the GraphQL document below compiles to, one statement per root field.
//
//   query MyLastConnections {
//     viewer {
//       last: connections(last: 2) {
//         totalCount
//         pageInfo { hasPreviousPage startCursor hasNextPage }
//         edges { cursor node { name } }
//       }
//       before: connections(last: 2, before: "b2Zmc2V0OjE=") {
//         pageInfo { hasPreviousPage startCursor }
//         edges { node { name } }
//       }
//       weakest: opportunities(last: 1) { edges { node { score role { title } contact { name } } } }
//     }
//   }

MATCH (n0:Person {id: $id})
RETURN n0 {
  .id,
  pages: {
    connections: {
      items: reverse(COLLECT {
        MATCH (n0)-[:KNOWS]-(n1:Person)
        WHERE n1 <> n0
        WITH DISTINCT n1 ORDER BY n1.name DESC, n1.id DESC SKIP $p0 LIMIT $p1
        RETURN n1 {.id, .name}
      }),
      total: COUNT {
        MATCH (n0)-[:KNOWS]-(n2:Person)
        WHERE n2 <> n0
        RETURN DISTINCT n2
      }
    },
    connections_1: {
      items: COLLECT {
        MATCH (n0)-[:KNOWS]-(n3:Person)
        WHERE n3 <> n0
        WITH DISTINCT n3 ORDER BY n3.name, n3.id SKIP $p2 LIMIT $p3
        RETURN n3 {.id, .name}
      }
    }
  }
} AS node
