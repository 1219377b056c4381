"""The distribution: `python -m build` makes a wheel and an sdist that twine accepts, and the
wheel installed into a fresh virtual environment gives a working `citecheck` command.

The fresh environment gets the wheel with `--no-deps --no-index` (no network), and finds
the dependencies through a .pth line pointing at this environment's site-packages; a
plain path line does not run that folder's own .pth files, so the editable install of the
working tree stays out and the installed wheel is what runs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest

import citecheck

ROOT = Path(__file__).parent.parent
DISTRIBUTION = "citecheck-sources"
"""The name on the package index; `citecheck` there belongs to an unrelated project."""


def _run(*command: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    # Without PYTHONPATH, so only what is installed in each environment is importable.
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    return subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    outdir = tmp_path_factory.mktemp("dist")
    built = _run(sys.executable, "-m", "build", "--no-isolation", "--outdir", outdir, ROOT)
    assert built.returncode == 0, built.stdout + built.stderr
    return outdir


def test_project_name_is_the_free_distribution_name() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == DISTRIBUTION
    assert project["scripts"] == {"citecheck": "citecheck.cli:app"}
    dev = project["optional-dependencies"]["dev"]
    assert any(extra.startswith(f"{DISTRIBUTION}[") for extra in dev)


def test_build_makes_a_wheel_and_an_sdist_that_twine_accepts(dist: Path) -> None:
    version = citecheck.__version__
    wheel = dist / f"citecheck_sources-{version}-py3-none-any.whl"
    sdist = dist / f"citecheck_sources-{version}.tar.gz"
    built = sorted(path.name for path in dist.iterdir())
    assert built == sorted([sdist.name, wheel.name])
    checked = _run(sys.executable, "-m", "twine", "check", "--strict", wheel, sdist)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count("PASSED") == 2


def test_wheel_carries_package_data_and_the_command(dist: Path) -> None:
    (wheel,) = dist.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "citecheck/report/templates/report.html.j2" in names
    assert "citecheck/compare/fusion_weights.json" in names
    assert "citecheck/py.typed" in names
    entry_points = next(name for name in names if name.endswith("entry_points.txt"))
    assert "citecheck = citecheck.cli:app" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_sdist_has_sources_and_no_local_state(dist: Path) -> None:
    (sdist,) = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = [name.split("/", 1)[1] for name in archive.getnames() if "/" in name]
    assert "pyproject.toml" in names
    assert "README.md" in names
    assert "action.yml" in names
    assert "src/citecheck/cli/app.py" in names
    assert not [name for name in names if name.startswith((".venv", "tests/out/", "cache/w"))]


def test_wheel_installed_in_a_fresh_venv_gives_a_working_command(
    dist: Path, tmp_path: Path
) -> None:
    (wheel,) = dist.glob("*.whl")
    venv = tmp_path / "venv"
    created = _run(sys.executable, "-m", "venv", "--without-pip", venv)
    assert created.returncode == 0, created.stderr
    python = venv / "bin" / "python"
    installed = _run(
        sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps",
        "--no-index", wheel,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stdout + installed.stderr
    _share_dependencies(python)

    where = _run(python, "-c", "import citecheck; print(citecheck.__file__)")
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()).is_relative_to(venv), where.stdout

    version = _run(venv / "bin" / "citecheck", "--version")
    assert version.returncode == 0, version.stderr
    assert citecheck.__version__ in version.stdout

    article = ROOT / "examples" / "article.txt"
    extracted = _run(venv / "bin" / "citecheck", "extract", article, "--format", "json")
    assert extracted.returncode == 0, extracted.stderr
    summary = json.loads(extracted.stdout)["summary"]
    assert summary["documents"] == 1
    assert summary["citations"] > 0


def _share_dependencies(python: Path) -> None:
    purelib = _run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])")
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(purelib.stdout.strip()) / "_citecheck_test_deps.pth").write_text(
        "\n".join(sorted(ours)) + "\n", encoding="utf-8"
    )
