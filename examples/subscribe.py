"""Be told when a door opens: each role that opens within reach of your network, as it opens.

pip install 'gql[websockets]'
export CROSSPATHS_TOKEN=$(crosspaths token --email maya.chen@example.com)
python examples/subscribe.py ws://127.0.0.1:8000/graphql --max-hops 2

Prints one JSON object per opening and runs until stopped (Ctrl-C), or until --count openings came.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import sys

from gql import Client, GraphQLRequest
from gql.transport.websockets import WebsocketsTransport

OPPORTUNITY_OPENED = """
subscription DoorOpens($maxHops: Int) {
  opportunityOpened(maxHops: $maxHops) {
    hops
    role { title company { name } }
    contact { name }
    reasons
  }
}
"""


async def follow(url: str, token: str, max_hops: int, count: int | None) -> None:
    transport = WebsocketsTransport(
        url=url,
        subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL],  # graphql-transport-ws, the only one served
        init_payload={"Authorization": f"Bearer {token}"},  # a WebSocket carries the token in connection_init
    )
    async with Client(transport=transport) as session:
        request = GraphQLRequest(OPPORTUNITY_OPENED, variable_values={"maxHops": max_hops})
        told = 0
        async for opened in session.subscribe(request):
            print(json.dumps(opened), flush=True)
            told += 1
            if count is not None and told >= count:
                return


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", nargs="?", default="ws://127.0.0.1:8000/graphql")
    parser.add_argument("--max-hops", type=int, default=2)
    parser.add_argument("--count", type=int, help="stop after this many openings")
    args = parser.parse_args()
    token = os.environ.get("CROSSPATHS_TOKEN")
    if not token:
        print("set CROSSPATHS_TOKEN (crosspaths token --email you@example.com)", file=sys.stderr)
        return 2
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is how one stops listening
        asyncio.run(follow(args.url, token, args.max_hops, args.count))
    return 0


if __name__ == "__main__":
    sys.exit(main())
