// viewer-name: what the GraphQL document below compiles to, one statement per root field.
//
//   { viewer { name } }

MATCH (n0:Person {id: $id})
RETURN n0 {.id, .name} AS node
