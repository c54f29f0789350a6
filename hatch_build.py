"""The wheel's build hook: GraphiQL's and /explore's browser bundles, installed by npm from the committed lock.

A wheel must serve its pages without a clone, npm or a CDN, so the bundles listed in api/web/bundles.py
go into it as package data. They are reused when node_modules already holds the locked versions (a clone
after scripts/setup, the Docker build's assets stage); otherwise `npm ci` installs them from
api/web/assets/package-lock.json, preferring npm's cache to the registry. No npm, or a failed install,
stops the build with the reason: a wheel without its bundles would only fail later, at a user's.
Editable installs (scripts/setup) serve node_modules in place and skip all this.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

ASSETS = "api/web/assets"
# The same install as scripts/setup's and the Dockerfile's (tests/deploy/test_deployment_files.py checks).
NPM_CI = ("npm", "ci", "--prefix", ASSETS, "--no-audit", "--no-fund", "--loglevel=error")


def bundle_files(root: Path) -> tuple[str, ...]:
    """Every file the wheel takes from node_modules, read from api/web/bundles.py (no package import needed)."""
    spec = importlib.util.spec_from_file_location("crosspaths_bundles", root / "api" / "web" / "bundles.py")
    if spec is None or spec.loader is None:
        msg = "api/web/bundles.py is missing: the source tree is incomplete"
        raise RuntimeError(msg)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return (*module.GRAPHIQL, *module.EXPLORE, *module.LICENSES)


def package_name(bundle: str) -> str:
    """The npm package a bundle path belongs to: `@scope/name/...` or `name/...`."""
    parts = bundle.split("/")
    return "/".join(parts[:2] if parts[0].startswith("@") else parts[:1])


def installed_as_locked(root: Path, files: tuple[str, ...]) -> bool:
    """True when every file is there and each of its packages has the version package-lock.json pins."""
    modules = root / ASSETS / "node_modules"
    lock = json.loads((root / ASSETS / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    for name in {package_name(file) for file in files}:
        try:
            installed = json.loads((modules / name / "package.json").read_text(encoding="utf-8"))["version"]
        except (OSError, ValueError, KeyError):
            return False
        if installed != lock.get(f"node_modules/{name}", {}).get("version"):
            return False
    return all((modules / file).is_file() for file in files)


def npm_ci(root: Path) -> None:
    npm = shutil.which("npm")
    if npm is None:
        msg = (
            "building the crosspaths wheel needs npm, to install GraphiQL's and /explore's browser bundles from "
            f"{ASSETS}/package-lock.json (Debian: apt-get install npm; elsewhere: install Node.js)"
        )
        raise RuntimeError(msg)
    command = [npm, *NPM_CI[1:], "--prefer-offline"]
    done = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)  # noqa: S603 - fixed argv
    if done.returncode != 0:
        tail = (done.stdout + done.stderr).strip()[-2000:]
        msg = f"`npm ci` could not install the browser bundles (is the npm registry or npm's cache reachable?):\n{tail}"
        raise RuntimeError(msg)


class BundlesHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        files = bundle_files(root)
        if not installed_as_locked(root, files):
            npm_ci(root)
            if not installed_as_locked(root, files):
                missing = [file for file in files if not (root / ASSETS / "node_modules" / file).is_file()]
                msg = f"`npm ci` ran, yet these bundles are missing or not the locked versions: {missing}"
                raise RuntimeError(msg)
        for file in files:
            build_data["force_include"][str(root / ASSETS / "node_modules" / file)] = f"{ASSETS}/node_modules/{file}"
