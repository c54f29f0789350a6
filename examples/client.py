"""A tiny crosspaths client: authenticate with a token, page through your opportunities.

pip install 'gql[requests]'
export CROSSPATHS_TOKEN=$(crosspaths token --email maya.chen@example.com)
python examples/client.py http://127.0.0.1:8000/graphql --max-hops 2 --page-size 20
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from typing import Any

from gql import Client, GraphQLRequest
from gql.transport.requests import RequestsHTTPTransport

OPPORTUNITIES = """
query Opportunities($maxHops: Int!, $first: Int!, $after: String) {
  viewer {
    name
    opportunities(maxHops: $maxHops, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { hops score role { title company { name } } contact { name } reasons } }
    }
  }
}
"""


def opportunities(client: Client, max_hops: int, page_size: int) -> Iterator[dict[str, Any]]:
    """Every opportunity of the token's person, best first, one page (request) at a time."""
    after: str | None = None
    while True:
        variables = {"maxHops": max_hops, "first": page_size, "after": after}
        page = client.execute(GraphQLRequest(OPPORTUNITIES, variable_values=variables))["viewer"]["opportunities"]
        yield from (edge["node"] for edge in page["edges"])
        if not page["pageInfo"]["hasNextPage"]:
            return
        after = page["pageInfo"]["endCursor"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", nargs="?", default="http://127.0.0.1:8000/graphql")
    parser.add_argument("--max-hops", type=int, default=2)
    parser.add_argument("--page-size", type=int, default=20)
    args = parser.parse_args()
    token = os.environ.get("CROSSPATHS_TOKEN")
    if not token:
        print("set CROSSPATHS_TOKEN (crosspaths token --email you@example.com)", file=sys.stderr)
        return 2
    transport = RequestsHTTPTransport(url=args.url, headers={"Authorization": f"Bearer {token}"}, timeout=60)
    with Client(transport=transport) as client:
        for number, found in enumerate(opportunities(client, args.max_hops, args.page_size), start=1):
            role = found["role"]
            print(
                f"{number}. {role['title']} at {role['company']['name']} via {found['contact']['name']}"
                f" ({found['hops']} hops, score {found['score']:.2f}): {'; '.join(found['reasons'])}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
