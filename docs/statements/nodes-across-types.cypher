// nodes-across-types: what the GraphQL document below compiles to, one statement per root field.
//
//   query($ids: [ID!]!) { nodes(ids: $ids) {
//     id ... on Company { name openRoles(first: 3) { totalCount edges { node { title } } } }
//     ... on Role { title hiringManager { name } recruiters { name } } } }

CALL () {
  UNWIND $p0 AS id
  MATCH (n0:Company {id: id})
  RETURN collect(n0 {
    .id, .name,
    pages: {
      openRoles: {
        items: COLLECT {
          MATCH (n1:Role {status: 'OPEN'})-[:AT]->(n0)
          WITH n1 ORDER BY n1.postedOn IS NULL, n1.postedOn DESC, n1.title, n1.id SKIP $p1 LIMIT $p2
          RETURN n1 {.id, .title}
        },
        total: COUNT {
          MATCH (n2:Role {status: 'OPEN'})-[:AT]->(n0)
        }
      }
    }
  }) AS Company
}
CALL () {
  UNWIND $p3 AS id
  MATCH (n3:Role {id: id})
  RETURN collect(n3 {
    .id, .title,
    hiringManager: COLLECT {
      MATCH (n4:Person)-[:HIRES_FOR]->(n3)
      RETURN n4 {.id, .name} LIMIT 1
    }[0],
    recruiters: COLLECT {
      MATCH (n5:Person)-[:RECRUITS_FOR]->(n3)
      WITH n5 ORDER BY n5.name, n5.id
      RETURN n5 {.id, .name}
    }
  }) AS Role
}
RETURN Company, Role
