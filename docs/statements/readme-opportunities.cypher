// readme-opportunities: what the GraphQL document below compiles to, one statement per root field.
//
//   { viewer { opportunities(maxHops: 2, first: 2) { totalCount
//     edges { node { hops score role { title company { name } } contact { name } reasons
//     paths { steps { to { name } kind on context } } } } } } }

MATCH (n0:Person {id: $p0})
RETURN n0 {.id} AS node
