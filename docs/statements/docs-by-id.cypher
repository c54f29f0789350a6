// docs-by-id: what the GraphQL document below compiles to, one statement per root field.
//
//   query ById($other: ID!) { node(id: $other) { id ... on Person { name headline } } }

MATCH (n0:Person {id: $id})
RETURN n0 {.id, .name, .headline} AS node
