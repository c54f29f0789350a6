// readme-opportunities: what the GraphQL document below compiles to, one statement per root field.
//
//   { viewer { opportunities(maxHops: 2, first: 2) { totalCount
//     edges { node { hops score role { title company { name } } contact { name } reasons
//     paths { steps { to { name } kind on context } } } } } } }

// No compiled statement: nothing is read here but the network fields' own searches.
