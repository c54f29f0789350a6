// docs-find: what the GraphQL document below compiles to, one statement per root field.
//
//   query Find {
//     search(query: "Brightpath", first: 5) {
//       __typename ... on Person { name } ... on Company { name industry } ... on Role { title status }
//     }
//     roles(first: 3, filter: {status: OPEN, titleContains: "Engineer"}) {
//       edges { node { title location remote company { name } } }
//     }
//   }

CALL db.index.fulltext.queryNodes('search_text', $query) YIELD node, score
WITH node AS n0, score ORDER BY score DESC, n0.id LIMIT $limit
RETURN collect(CASE
  WHEN n0:Person THEN {type: 'Person', node: n0 {.id, .name}}
  WHEN n0:Company THEN {type: 'Company', node: n0 {.id, .name, .industry}}
  WHEN n0:Role THEN {type: 'Role', node: n0 {.id, .title, .status}}
END) AS hits

CALL () {
  MATCH (n0:Role)
  WHERE ($status IS NULL OR n0.status = $status)
    AND ($titleContains IS NULL OR toLower(n0.title) CONTAINS toLower($titleContains))
    AND ($companyId IS NULL OR EXISTS { MATCH (n0)-[:AT]->(:Company {id: $companyId}) })
  WITH n0 ORDER BY n0.postedOn IS NULL, n0.postedOn DESC, n0.title, n0.id SKIP $skip LIMIT $limit
  RETURN collect(n0 {
    .id, .title, .location, .remote,
    company: COLLECT {
      MATCH (n0)-[:AT]->(n1:Company)
      RETURN n1 {.id, .name} LIMIT 1
    }[0]
  }) AS items
}
RETURN items
