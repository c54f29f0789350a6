"""The graph snapshot of tests/gql ("nothing was written"), for the write rules here too."""

from tests.gql.conftest import snapshot  # noqa: F401 - a fixture: pytest finds it by name in a conftest
