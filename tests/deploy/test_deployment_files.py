"""docker-compose.yml and the Dockerfile: valid for Compose, and installing what scripts/setup installs."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import tomllib

import pytest

from api.settings import PROJECT_ROOT
from api.web.graphiql import ASSETS_DIR

DOCKERFILE = (PROJECT_ROOT / "Dockerfile").read_text()
SETUP = (PROJECT_ROOT / "scripts" / "setup").read_text()
PYPROJECT = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())
SECRETS = {"NEO4J_PASSWORD": "compose-test-pw", "CROSSPATHS_JWT_SECRET": "s" * 48}


def compose_command() -> list[str]:
    """`docker compose` (the plugin) when it answers, else the standalone `docker-compose`."""
    if shutil.which("docker") is None:
        pytest.skip("the docker client binary is not installed: docker compose cannot validate docker-compose.yml")
    if subprocess.run(["docker", "compose", "version"], capture_output=True, check=False).returncode == 0:  # noqa: S607 - docker from PATH is the point
        return ["docker", "compose"]
    standalone = shutil.which("docker-compose")
    assert standalone, "docker is installed but neither `docker compose` nor `docker-compose` is (.ci/run installs it)"
    return [standalone]


def compose_config(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [*compose_command(), "--file", str(PROJECT_ROOT / "docker-compose.yml"), "config"]
    clean = {key: value for key, value in os.environ.items() if key not in SECRETS}
    return subprocess.run(command, capture_output=True, text=True, env=clean | env, check=False, timeout=60)  # noqa: S603 - fixed arguments


def test_compose_config_is_valid_and_wires_the_api_to_neo4j() -> None:
    result = compose_config(SECRETS)
    assert result.returncode == 0, result.stderr
    config = result.stdout
    assert "image: neo4j:5.26" in config
    assert "NEO4J_AUTH: neo4j/compose-test-pw" in config
    assert "NEO4J_URI: bolt://neo4j:7687" in config
    assert "condition: service_healthy" in config
    assert "condition: service_completed_successfully" in config
    assert "crosspaths schema apply && crosspaths seed demo" in config
    assert "neo4j-data:/data" in config


@pytest.mark.parametrize("missing", sorted(SECRETS))
def test_compose_refuses_to_start_without_its_secrets(missing: str) -> None:
    result = compose_config({key: value for key, value in SECRETS.items() if key != missing})
    assert result.returncode != 0
    assert missing in result.stderr


def _npm_ci(text: str) -> list[str]:
    line = next(line for line in text.splitlines() if "npm ci" in line and not line.lstrip().startswith("#"))
    words = shlex.split(line[line.index("npm ci") :])
    return [word.replace("$assets", "api/web/assets") for word in words]


def test_image_installs_the_assets_the_way_setup_does() -> None:
    assert _npm_ci(DOCKERFILE) == _npm_ci(SETUP)
    assert _npm_ci(SETUP)[:4] == ["npm", "ci", "--prefix", "api/web/assets"]
    # The bundles land where api.web.graphiql looks for them, relative to the installed package.
    relative = ASSETS_DIR.relative_to(PROJECT_ROOT).as_posix()
    assert re.search(
        rf"COPY --from=assets /src/{relative} /opt/venv/lib/python\S+/site-packages/{relative}\n", DOCKERFILE
    )


def test_image_installs_the_package_the_way_setup_does() -> None:
    extras = set(PYPROJECT["project"]["optional-dependencies"])
    setup_install = re.search(r"pip install -q -e '\.(?:\[(?P<extras>[^]]*)\])?'", SETUP)
    image_install = re.search(r"pip install '\.(?:\[(?P<extras>[^]]*)\])?'", DOCKERFILE)
    assert setup_install, "scripts/setup no longer installs the package from ."
    assert image_install, "the Dockerfile no longer installs the package from ."
    for found in (setup_install, image_install):
        assert set(filter(None, (found["extras"] or "").split(","))) <= extras
    # The image runs the app, not its tests: no dev tools in it.
    assert "dev" not in (image_install["extras"] or "")


def test_image_python_satisfies_requires_python_and_runs_as_a_user() -> None:
    version = re.search(r"ARG PYTHON_VERSION=(\d+)\.(\d+)", DOCKERFILE)
    assert version
    required = re.search(r">=\s*(\d+)\.(\d+)", PYPROJECT["project"]["requires-python"])
    assert required
    assert tuple(map(int, version.groups())) >= tuple(map(int, required.groups()))
    assert re.search(r"^USER crosspaths$", DOCKERFILE, re.MULTILINE)
    assert "/readyz" in DOCKERFILE.split("HEALTHCHECK", 1)[1]
    assert '"crosspaths", "serve", "--host", "0.0.0.0"' in DOCKERFILE
