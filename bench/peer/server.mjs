// The peer of `crosspaths bench load`: Neo4j's own @neo4j/graphql, served by graphql-yoga on node:http,
// over the graph crosspaths stores (its labels, relationship types and property names), read-only.
//
//   NEO4J_URI=bolt://127.0.0.1:7687 PORT=4000 PEER_STATEMENTS=statements.json node server.mjs
//
// PEER_STATEMENTS names a JSON file {"opportunities": cypher, "pathsTo": cypher}: the statements of the
// two network fields, which the library cannot express. The benchmark writes it from crosspaths' own
// statements (api/bench/peer.py), so both servers run the same network Cypher. Other variables:
// NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE (default neo4j), HOST (default 127.0.0.1).
// Prints "listening <port>" once it accepts requests.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { Neo4jGraphQL } from "@neo4j/graphql";
import { createYoga } from "graphql-yoga";
import neo4j from "neo4j-driver";

const LINK_KINDS = '["KNOWS", "MET_AT_INTERVIEW", "WORKED_TOGETHER"]';

// A @cypher statement goes into the SDL as a block string: only a triple quote needs escaping.
const block = (cypher) => `"""${cypher.replaceAll('"""', '\\"""')}"""`;

// The stored model as @neo4j/graphql types. Each @cypher field's arguments carry the names of the
// statement's parameters: the library substitutes them into the text. $today is the one parameter no
// client sends; it comes from the context (cypherParams), as crosspaths computes it per request.
function typeDefs(statements) {
  return /* GraphQL */ `
    type Person @node {
      id: ID!
      name: String!
      headline: String
      location: String
      email: String
      linkedinUrl: String
      openToWork: Boolean
      worksAt: [Company!]! @relationship(type: "WORKS_AT", direction: OUT, properties: "Position")
      knows: [Person!]! @relationship(type: "KNOWS", direction: OUT, queryDirection: UNDIRECTED, properties: "Knows")
      hiresFor: [Role!]! @relationship(type: "HIRES_FOR", direction: OUT)
      recruitsFor: [Role!]! @relationship(type: "RECRUITS_FOR", direction: OUT)
      candidateIn: [Interview!]! @relationship(type: "CANDIDATE_IN", direction: OUT)
      interviewerIn: [Interview!]! @relationship(type: "INTERVIEWER_IN", direction: OUT)
    }

    type Position @relationshipProperties {
      title: String
      startedOn: Date
      endedOn: Date
    }

    type Knows @relationshipProperties {
      since: Date
      source: String
    }

    type Company @node {
      id: ID!
      name: String!
      domain: String
      industry: String
      employees: [Person!]! @relationship(type: "WORKS_AT", direction: IN, properties: "Position")
      roles: [Role!]! @relationship(type: "AT", direction: IN)
    }

    type Role @node {
      id: ID!
      title: String!
      status: String!
      location: String
      remote: Boolean
      postedOn: Date
      company: [Company!]! @relationship(type: "AT", direction: OUT)
      hiringManager: [Person!]! @relationship(type: "HIRES_FOR", direction: IN)
      recruiters: [Person!]! @relationship(type: "RECRUITS_FOR", direction: IN)
      skills: [Skill!]! @relationship(type: "REQUIRES", direction: OUT)
    }

    type Skill @node {
      name: String!
    }

    type Interview @node {
      id: ID!
      date: Date!
      stage: String
      outcome: String
      practice: Boolean
      company: [Company!]! @relationship(type: "WITH", direction: OUT)
      role: [Role!]! @relationship(type: "FOR", direction: OUT)
      candidate: [Person!]! @relationship(type: "CANDIDATE_IN", direction: IN)
      interviewers: [Person!]! @relationship(type: "INTERVIEWER_IN", direction: IN)
    }

    union SearchResult = Person | Company | Role

    # What the network statements return: plain types, filled from one map per answer.
    type NetworkPerson {
      id: ID!
      name: String!
      headline: String
    }
    type NetworkCompany {
      id: ID!
      name: String!
    }
    type NetworkRole {
      id: ID!
      title: String!
      postedOn: Date
      company: NetworkCompany!
    }
    type PathStep {
      kind: String!
      on: Date
      from: NetworkPerson!
      to: NetworkPerson!
    }
    type Path {
      hops: Int!
      steps: [PathStep!]!
    }
    type Opportunity {
      hops: Int!
      score: Float!
      futureProspect: Boolean!
      role: NetworkRole!
      contact: NetworkPerson!
      paths: [Path!]!
    }
    type OpportunityEdge {
      node: Opportunity!
    }
    type OpportunityPage {
      totalCount: Int!
      edges: [OpportunityEdge!]!
    }

    type Query {
      "The full-text index crosspaths' schema creates; query is Lucene syntax."
      search(query: String!, limit: Int! = 10): [SearchResult!]!
        @cypher(
          statement: """
          CALL db.index.fulltext.queryNodes('search_text', $query) YIELD node, score
          RETURN node ORDER BY score DESC, node.id LIMIT $limit
          """
          columnName: "node"
        )
      opportunities(
        personId: ID!
        maxHops: Int! = 2
        limit: Int! = 20
        skip: Int! = 0
        k: Int! = 3
        kinds: [String!]! = ${LINK_KINDS}
        targetId: ID
        companyId: ID
        titleContains: String
        remote: Boolean
      ): OpportunityPage @cypher(statement: ${block(statements.opportunities)}, columnName: "result")
      pathsTo(
        personId: ID!
        targetId: ID!
        maxHops: Int! = 4
        k: Int! = 3
        kinds: [String!]! = ${LINK_KINDS}
      ): [Path!]! @cypher(statement: ${block(statements.pathsTo)}, columnName: "result")
    }
  `;
}

function today() {
  const now = new Date();
  return new neo4j.types.Date(now.getUTCFullYear(), now.getUTCMonth() + 1, now.getUTCDate());
}

async function main() {
  const uri = process.env.NEO4J_URI;
  const statementsFile = process.env.PEER_STATEMENTS;
  if (!uri || !statementsFile) {
    throw new Error("set NEO4J_URI and PEER_STATEMENTS (see the top of server.mjs)");
  }
  const statements = JSON.parse(readFileSync(statementsFile, "utf-8"));
  const user = process.env.NEO4J_USER;
  const driver = neo4j.driver(uri, user ? neo4j.auth.basic(user, process.env.NEO4J_PASSWORD ?? "") : undefined);
  await driver.verifyConnectivity();

  const schema = await new Neo4jGraphQL({ typeDefs: typeDefs(statements), driver }).getSchema();
  const database = process.env.NEO4J_DATABASE || "neo4j";
  const yoga = createYoga({
    schema,
    graphiql: false,
    landingPage: false,
    logging: "warn",
    context: () => ({ cypherParams: { today: today() }, sessionConfig: { database } }),
  });

  const server = createServer(yoga);
  server.keepAliveTimeout = 120_000; // closed-loop clients keep one connection for the whole run
  const port = Number(process.env.PORT || 4000);
  server.listen(port, process.env.HOST || "127.0.0.1", () => console.log(`listening ${server.address().port}`));
  const stop = () => server.close(() => driver.close().finally(() => process.exit(0)));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

await main();
