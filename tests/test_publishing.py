"""Publishing: the GitHub workflows pass actionlint, and the pre-commit hooks guard a catalog."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cryfeed.cli import main
from cryfeed.publication import is_placeholder

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
WORKFLOWS = ROOT / ".github" / "workflows"


def _program(name: str) -> str:
    """A console script installed beside this Python (the test extra), else one on PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} not found: install the test extra (pip install -e '.[test]')")
    return found


def _actionlint(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_program("actionlint"), "-no-color", *arguments],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_workflows_pass_actionlint() -> None:
    assert sorted(path.name for path in WORKFLOWS.glob("*.yml")) == [
        "pages.yml",
        "pull-request.yml",
    ]
    result = _actionlint(cwd=ROOT)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    """The check above can fail: a misspelt key and an unknown job dependency are reported."""
    workflow = tmp_path / ".github" / "workflows" / "broken.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text(
        "on: push\n"
        "jobs:\n"
        "  build:\n"
        "    needs: tests\n"
        "    runs-on: ubuntu-latest\n"
        "    step:\n"
        "      - run: echo hi\n",
        encoding="utf-8",
    )
    result = _actionlint(str(workflow), cwd=tmp_path)
    assert result.returncode == 1
    assert 'unexpected key "step"' in result.stdout
    assert 'job "build" needs job "tests" which does not exist' in result.stdout


def test_the_deploy_waits_for_the_maintainer_and_builds_a_release() -> None:
    pages = yaml.safe_load((WORKFLOWS / "pages.yml").read_text(encoding="utf-8"))
    jobs = pages["jobs"]
    assert jobs["build"]["needs"] == "test"
    assert jobs["deploy"]["needs"] == "build"
    for job in ("build", "deploy"):
        assert jobs[job]["if"] == "vars.CRYFEED_DEPLOY == 'true'"
    runs = [step.get("run", "") for step in jobs["build"]["steps"]]
    assert ".venv/bin/cryfeed build --release" in runs
    uses = [step.get("uses", "").split("@")[0] for step in jobs["build"]["steps"]]
    assert "actions/upload-pages-artifact" in uses
    assert [step["uses"].split("@")[0] for step in jobs["deploy"]["steps"]] == [
        "actions/deploy-pages"
    ]
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    for workflow in ("pages.yml", "pull-request.yml"):
        test_job = yaml.safe_load((WORKFLOWS / workflow).read_text(encoding="utf-8"))["jobs"]["test"]
        assert [step.get("run") for step in test_job["steps"]][-1] == "bash .ci/run"


@pytest.mark.parametrize(
    ("host", "placeholder"),
    [
        ("cryfeed.example.org", True),
        ("example.com", True),
        ("site.test", True),
        ("localhost", True),
        ("songs.example", True),
        ("someone.github.io", False),
        ("example.org.evil.net", False),
        ("myexample.org", False),
    ],
)
def test_placeholder_hosts_are_the_reserved_ones(host: str, placeholder: bool) -> None:
    assert is_placeholder(host) is placeholder


def test_a_release_build_refuses_the_placeholder_address(tmp_path: Path) -> None:
    shutil.copy(ROOT / "songs.json", tmp_path / "songs.json")
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "_config.yml").write_text("title: x\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--release", "-c", str(tmp_path / "songs.json")])
    assert result.exit_code == 1
    assert result.output == (
        "Error: songs.json: site.url https://cryfeed.example.org/ is a placeholder; set it "
        "to the address the site is published at, like https://USER.github.io/REPO/\n"
        "songs.json: site.tag_authority cryfeed.example.org,2026 is a placeholder; set it to "
        "a domain you control and the date you first publish, like USER.github.io,2026-11-29. "
        "It becomes part of every feed item's id, so it must never change after the first "
        "release\n"
        'a release build needs the real site address (see "Publishing" in the README)\n'
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == ["book", "songs.json"]


# --- pre-commit hooks, run as a catalog repository would use them ---------------------------


def _git(repo: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Curator",
        "GIT_AUTHOR_EMAIL": "curator@example.org",
        "GIT_COMMITTER_NAME": "Curator",
        "GIT_COMMITTER_EMAIL": "curator@example.org",
    }
    return subprocess.run(
        ["git", *arguments], cwd=repo, env=environment, capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="module")
def catalog_repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git repository holding a catalog, with this project's hooks installed by pre-commit.

    pre-commit clones this repository at its HEAD commit and installs cryfeed into a hook
    environment of its own, exactly as it would from GitHub.
    """
    head = _git(ROOT, "rev-parse", "HEAD").stdout.strip()
    if not head:
        pytest.fail("the project is not a git checkout; the pre-commit test needs its HEAD")
    repo = tmp_path_factory.mktemp("catalog-repo")
    os.environ["PRE_COMMIT_HOME"] = str(tmp_path_factory.mktemp("pre-commit-home"))
    _git(repo, "init", "-q", "-b", "main")
    (repo / ".pre-commit-config.yaml").write_text(
        yaml.safe_dump(
            {
                "repos": [
                    {
                        "repo": str(ROOT),
                        "rev": head,
                        "hooks": [{"id": "cryfeed-validate"}, {"id": "cryfeed-fmt"}],
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    installed = subprocess.run(
        [sys.executable, "-m", "pre_commit", "install", "--install-hooks"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return repo


@pytest.mark.slow
def test_the_hook_refuses_a_commit_of_a_bad_catalog(catalog_repository: Path) -> None:
    shutil.copy(FIXTURES / "bad" / "trailing_comma.json", catalog_repository / "songs.json")
    _git(catalog_repository, "add", "-A")
    result = _git(catalog_repository, "commit", "-q", "-m", "add a song")
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "cryfeed validate" in output
    assert (
        "songs.json:13:20: trailing comma: JSON allows no comma before a closing bracket; "
        "remove it" in output
    )
    assert _git(catalog_repository, "rev-list", "--all").stdout == ""


@pytest.mark.slow
def test_the_hooks_pass_a_good_catalog_after_formatting_it(catalog_repository: Path) -> None:
    canonical = (FIXTURES / "catalog.json").read_text(encoding="utf-8")
    # Valid but not canonical: four-space indentation.
    (catalog_repository / "songs.json").write_text(
        json.dumps(json.loads(canonical), indent=4, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    _git(catalog_repository, "add", "-A")
    refused = _git(catalog_repository, "commit", "-q", "-m", "add a song")
    assert refused.returncode == 1
    assert "files were modified by this hook" in refused.stdout + refused.stderr
    assert (catalog_repository / "songs.json").read_text(encoding="utf-8") == canonical

    _git(catalog_repository, "add", "-A")
    accepted = _git(catalog_repository, "commit", "-q", "-m", "add a song")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
