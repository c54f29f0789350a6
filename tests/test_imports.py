"""Every module of api and seeds imports first, on its own, in a fresh interpreter: no import cycles.

A cycle can hide for a long time: a module that only imports because some other module happened to
be loaded first works in the app and the tests, and crashes a script or a worker that starts with
it. One subprocess loads the third-party packages these modules use (the slow part), then forks
once per module: each child starts with nothing of api or seeds loaded and imports just that one.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import json
import os
import subprocess
import sys
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("api", "seeds")


def modules() -> list[str]:
    """Every module of PACKAGES by dotted name, packages included (a `__main__` runs a program: left out)."""
    files = sorted(path for package in PACKAGES for path in (ROOT / package).rglob("*.py"))
    return [
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for path in files
        if path.name != "__main__.py"
    ]


def third_party(names: list[str]) -> set[str]:
    """The modules outside the standard library and PACKAGES that these modules import anywhere."""
    found: set[str] = set()
    for name in names:
        path = ROOT / Path(*name.split("."))
        source = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module)
    return {name for name in found if name.split(".")[0] not in (*PACKAGES, *sys.stdlib_module_names)}


def import_each_alone() -> None:
    """Run in a fresh interpreter: print {module: traceback} for each module that fails to import alone."""
    names = modules()
    for name in sorted(third_party(names)):
        with contextlib.suppress(ImportError):  # an optional extra that is not installed
            importlib.import_module(name)
    assert not any(name.split(".")[0] in PACKAGES for name in sys.modules), "the parent must stay fresh"
    failures = {}
    for name in names:
        read, write = os.pipe()
        child = os.fork()
        if child == 0:
            os.close(read)
            try:
                importlib.import_module(name)
            except BaseException:  # noqa: BLE001 - whatever it is, it is the answer
                os.write(write, traceback.format_exc().encode())
                os._exit(1)
            os._exit(0)
        os.close(write)
        with os.fdopen(read, "rb") as pipe:
            report = pipe.read().decode()
        _, status = os.waitpid(child, 0)
        if status != 0:
            failures[name] = report or f"exit status {status}"
    print(json.dumps(failures))  # noqa: T201 - the answer to the test below


def test_every_module_imports_first_on_its_own() -> None:
    run = subprocess.run(
        [sys.executable, "-c", "from tests.test_imports import import_each_alone; import_each_alone()"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert len(modules()) > 50
    failures = json.loads(run.stdout.splitlines()[-1])
    assert failures == {}, "\n\n".join(f"{name}:\n{report}" for name, report in failures.items())
