"""The executable schema, built once; `schema/schema.graphql` is its exported SDL."""

from __future__ import annotations

import strawberry

from api.gql.entities import Company, Interview, Person, Role
from api.gql.mutations import Mutation
from api.gql.query import Query

schema = strawberry.Schema(query=Query, mutation=Mutation, types=[Person, Company, Role, Interview])


def sdl() -> str:
    return schema.as_str() + "\n"
