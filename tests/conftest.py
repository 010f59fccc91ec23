"""Shared fixtures: a pristine copy of the fixture site (tests/fixture_site), built once per session, and
fresh copies of it."""
from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

import pytest

from factsite.cli import main
from tests.helpers import DEPLOYED_BASE, DEPLOYED_EPOCH, copy_site, snapshot


@pytest.fixture(scope="session")
def pristine(tmp_path_factory) -> Path:
    """The fixture site copied once, with public/ built from it; never modify it."""
    root = copy_site(tmp_path_factory.mktemp("pristine") / "site")
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
        code = main(["build", "--root", str(root)])
    assert code == 0, f"the fixture site does not build:\n{err.getvalue()}"
    return root


@pytest.fixture(scope="session")
def deployed(tmp_path_factory) -> Path:
    """The fixture site built as the deploy workflow builds it, with a full base address, on
    2026-12-01 (SOURCE_DATE_EPOCH); return its public/. Never modify it."""
    root = copy_site(tmp_path_factory.mktemp("deployed") / "site")
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(io.StringIO()), \
            contextlib.redirect_stderr(io.StringIO()) as err:
        patch.setenv("SOURCE_DATE_EPOCH", DEPLOYED_EPOCH)
        code = main(["build", "--root", str(root), "--base-url", DEPLOYED_BASE])
    assert code == 0, f"the fixture site does not build:\n{err.getvalue()}"
    return root / "public"


@pytest.fixture(scope="session")
def pristine_public(pristine) -> dict[str, str]:
    """Path → SHA-256 of every file of the pristine site's public/."""
    return snapshot(pristine / "public")


@pytest.fixture
def site(pristine, tmp_path) -> Path:
    """A fresh copy of the pristine site, public/ included, for one test to break."""
    return copy_site(tmp_path / "site", source=pristine, with_public=True).resolve()


@pytest.fixture
def bare_site(pristine, tmp_path) -> Path:
    """A fresh copy of the pristine site without public/."""
    return copy_site(tmp_path / "site", source=pristine).resolve()


def pytest_collection_modifyitems(config, items) -> None:
    """Skip the slow equivalence tests of the machinery unless FACTSITE_SLOW_TESTS=1 (CI sets it)."""
    if os.environ.get("FACTSITE_SLOW_TESTS") == "1":
        return
    skip = pytest.mark.skip(reason="slow: the machinery against the plain stages — run with FACTSITE_SLOW_TESTS=1")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
