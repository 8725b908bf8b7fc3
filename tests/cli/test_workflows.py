"""The GitHub workflows and the other files a contributor meets.

The workflows run code from pull requests, some from forks, so their safety
rules are checked three ways: by zizmor (offline), by GitHub's JSON Schema
for workflows, and directly below, rule by rule.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.helpers import REPO, git

GITHUB = REPO / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
SHA_PIN = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


def tool(name: str) -> str:
    """A command-line tool from the test extras, beside the running Python."""
    found = Path(sys.executable).parent / name
    if found.exists():
        return str(found)
    found = shutil.which(name)
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail(f"{name} is missing: install the test extras (make venv)")
    pytest.skip(f"{name} is not installed (pip install -e '.[test]')")


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text())
    if True in data:  # YAML 1.1 reads the key `on` as true
        data["on"] = data.pop(True)
    return data


def steps(workflow: dict):
    for job_id, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield job_id, step


def test_there_are_the_three_workflows():
    assert [p.name for p in WORKFLOWS] == ["ci.yml", "deploy.yml", "suggestion.yml"]


# ---------------------------------------------------------------- the tools


def test_zizmor_finds_nothing_of_medium_severity_or_above():
    result = subprocess.run(
        [tool("zizmor"), "--offline", "--min-severity", "medium", "--format", "plain", GITHUB],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout, result.stdout


def test_zizmor_does_audit_offline(tmp_path):
    """A control: the same command reports a workflow that breaks the rules."""
    bad = tmp_path / ".github/workflows/bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "on: pull_request_target\n"
        "jobs:\n"
        "  x:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - run: echo ${{ github.event.pull_request.title }}\n"
    )
    result = subprocess.run(
        [tool("zizmor"), "--offline", "--min-severity", "medium", "--format", "json", bad],
        capture_output=True,
        text=True,
        timeout=120,
    )
    found = {finding["ident"] for finding in json.loads(result.stdout)}
    assert {"dangerous-triggers", "template-injection", "unpinned-uses"} <= found, found


@pytest.mark.parametrize(
    ("schema", "pattern"),
    [
        ("vendor.github-workflows", "workflows/*.yml"),
        ("vendor.github-issue-forms", "ISSUE_TEMPLATE/*.yml"),
        ("vendor.dependabot", "dependabot.yml"),
    ],
)
def test_files_match_githubs_json_schemas(schema, pattern):
    files = sorted(GITHUB.glob(pattern))
    assert files
    result = subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", schema, *files],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# ---------------------------------------------------------------- the rules, one by one


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_workflow_runs_on_pull_request_target(path):
    """It would run a fork's code with the base repository's token and secrets."""
    triggers = load(path)["on"]
    assert "pull_request_target" not in triggers
    assert "workflow_run" not in triggers
    code = [line for line in path.read_text().splitlines() if not line.lstrip().startswith("#")]
    assert not any("pull_request_target" in line for line in code)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_the_token_can_only_read_by_default(path):
    assert load(path)["permissions"] == {"contents": "read"}


def test_only_the_deploy_job_may_write_and_only_to_pages():
    granted = {
        (path.name, job_id): job.get("permissions")
        for path in WORKFLOWS
        for job_id, job in load(path)["jobs"].items()
        if job.get("permissions") is not None
    }
    assert granted == {
        ("deploy.yml", "deploy"): {"pages": "write", "id-token": "write"},
        # a branch, a pull request and a comment on the issue, and only when labelled
        ("suggestion.yml", "record"): {
            "contents": "write",
            "pull-requests": "write",
            "issues": "write",
        },
    }


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_full_commit_sha_with_its_version(path):
    for job_id, step in steps(load(path)):
        if "uses" in step:
            assert SHA_PIN.match(step["uses"]), f"{job_id}: {step['uses']}"
    for line in path.read_text().splitlines():
        if "uses:" in line:
            assert re.search(r"@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line), line


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_expression_is_pasted_into_a_shell_command(path):
    """Values reach `run:` through `env:`, so that no text can become a command."""
    for job_id, step in steps(load(path)):
        assert "${{" not in step.get("run", ""), f"{job_id}: {step['run']}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_checkout_drops_its_credentials(path):
    checkouts = [
        s for _, s in steps(load(path)) if s.get("uses", "").startswith("actions/checkout@")
    ]
    assert checkouts
    for step in checkouts:
        assert step["with"]["persist-credentials"] is False


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_job_has_a_timeout(path):
    for job_id, job in load(path)["jobs"].items():
        assert job.get("timeout-minutes"), job_id


def test_ci_checks_pull_requests_and_pushes_as_the_readme_says():
    ci = load(GITHUB / "workflows/ci.yml")
    assert set(ci["on"]) == {"pull_request", "push"}
    runs = [step.get("run", "") for _, step in steps(ci)]
    readme = (REPO / "README.md").read_text()
    assert "make test" in readme and "make test" in runs
    assert ".venv/bin/timeline validate --format github" in runs
    assert ".venv/bin/timeline build --strict" in runs
    summary = next(s for _, s in steps(ci) if "timeline changes" in s.get("run", ""))
    assert summary["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    assert '--since "origin/${BASE_REF}"' in summary["run"]
    assert '>> "$GITHUB_STEP_SUMMARY"' in summary["run"]
    checkout = next(s for _, s in steps(ci) if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0  # the base branch's history, for the diff
    upload = next(
        s for _, s in steps(ci) if s.get("uses", "").startswith("actions/upload-artifact@")
    )
    assert upload["with"]["path"] == "site/"


def test_a_records_only_pull_request_skips_the_test_suite_but_not_the_checks():
    ci = load(GITHUB / "workflows/ci.yml")
    by_run = {step.get("run", ""): step for _, step in steps(ci)}
    assert by_run["make test"]["if"] == "steps.scope.outputs.records-only != 'true'"
    for always in (
        ".venv/bin/timeline validate --format github",
        ".venv/bin/timeline build --strict",
    ):
        assert "if" not in by_run[always], always
    scope = next(s for _, s in steps(ci) if s.get("id") == "scope")
    assert scope["run"] == 'scripts/ci-scope "origin/${BASE_REF}" >> "$GITHUB_OUTPUT"'
    check = next(s for _, s in steps(ci) if "--check" in s.get("run", ""))
    assert "timeline changes" in check["run"]


def test_the_suggestion_workflow_takes_the_issue_text_only_through_a_file():
    workflow = load(GITHUB / "workflows/suggestion.yml")
    assert workflow["on"] == {"issues": {"types": ["labeled"]}}
    [job] = workflow["jobs"].values()
    assert job["if"] == "github.event.label.name == 'make record'"
    text = (GITHUB / "workflows/suggestion.yml").read_text()
    # the only expressions that name the issue's text are values of env:
    for line in text.splitlines():
        if "github.event.issue" in line:
            assert re.match(
                r"^\s+[A-Z_]+: \$\{\{ github\.event\.issue\.(body|number) \}\}$", line
            ), line
    save = next(s for _, s in steps(workflow) if s.get("env", {}).get("BODY"))
    assert save["run"] == 'printf \'%s\\n\' "$BODY" > "$RUNNER_TEMP/issue.md"'
    record = next(s for _, s in steps(workflow) if s.get("id") == "record")
    assert '--from-issue "$RUNNER_TEMP/issue.md"' in record["run"]


def test_deploy_publishes_main_to_github_pages():
    deploy = load(GITHUB / "workflows/deploy.yml")
    assert deploy["on"] == {"push": {"branches": ["main"]}, "workflow_dispatch": None}
    assert deploy["concurrency"]["group"] == "pages"
    build, publish = deploy["jobs"]["build"], deploy["jobs"]["deploy"]
    for job in (build, publish):
        assert job["if"] == "github.ref == 'refs/heads/main'"  # also when run by hand
    assert [s["run"] for s in build["steps"] if "run" in s] == ["make site"]
    assert build["steps"][-1]["uses"].startswith("actions/upload-pages-artifact@")
    assert build["steps"][-1]["with"]["path"] == "site/"
    assert publish["needs"] == "build"
    assert publish["environment"] == {
        "name": "github-pages",
        "url": "${{ steps.deployment.outputs.page_url }}",
    }
    assert [s["uses"].split("@")[0] for s in publish["steps"]] == ["actions/deploy-pages"]
    assert publish["steps"][0]["id"] == "deployment"


def test_the_published_build_uses_no_cache():
    """A cache written by another run must not reach what is published."""
    text = (GITHUB / "workflows/deploy.yml").read_text()
    assert "cache:" not in text and "actions/cache" not in text


# ---------------------------------------------------------------- contributor files


def test_pull_request_template_and_issue_form_exist():
    template = (GITHUB / "PULL_REQUEST_TEMPLATE.md").read_text()
    assert template.count("- [ ]") >= 8
    assert "REPLACE-ME" in template
    form = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE/suggest-event.yml").read_text())
    assert form["name"] == "Suggest an event"
    ids = [item.get("id") for item in form["body"]]
    assert {"title", "date", "summary", "sources", "status"} <= set(ids)


def test_pre_commit_hook_for_other_repositories():
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert [h["id"] for h in hooks] == ["timeline-validate"]
    hook = hooks[0]
    assert hook["entry"] == "timeline validate"
    assert hook["language"] == "python"  # pre-commit installs this package, with its script
    assert hook["pass_filenames"] is False  # references cross files: check the whole project
    assert re.search(hook["files"], "events/2025/2025-05-03-x.yaml")
    assert re.search(hook["files"], "entities/mexico.yaml")
    assert not re.search(hook["files"], "site_src/index.md")
    assert 'timeline = "generator.cli:main"' in (REPO / "pyproject.toml").read_text()


def test_pre_commit_config_of_this_repository_uses_the_venv_tools():
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert "timeline-validate" in [h["id"] for h in hooks]
    pyproject = (REPO / "pyproject.toml").read_text()
    for hook in hooks:
        program = hook["entry"].split()[0]
        assert program.startswith(".venv/bin/"), program
        name = program.removeprefix(".venv/bin/")
        assert name == "timeline" or f'"{name}>=' in pyproject, name


def test_editors_map_the_records_to_the_schema_files():
    settings = json.loads((REPO / ".vscode/settings.json").read_text())
    assert settings["yaml.schemas"] == {
        "./schema/event.schema.json": ["events/**/*.yaml"],
        "./schema/entity.schema.json": ["entities/*.yaml"],
        "./schema/topic.schema.json": ["entities/topics/*.yaml"],
        "./schema/period.schema.json": ["entities/periods/*.yaml"],
    }
    templates = REPO / "generator/templates"
    event_line = (templates / "new_event.yaml.j2").read_text().splitlines()[0]
    entity_line = (templates / "new_entity.yaml.j2").read_text().splitlines()[0]
    assert event_line == "# yaml-language-server: $schema=../../schema/event.schema.json"
    assert entity_line == "# yaml-language-server: $schema=../schema/entity.schema.json"


def _diagnostic_codes() -> set[str]:
    """Every code the generator can report, read from its source."""
    code = re.compile(r"^[a-z]+(-[a-z0-9]+)*$")
    makers = {"error", "warning", "warn", "fail", "problem", "Pattern", "DateText"}
    found = set()
    for module in (REPO / "generator").rglob("*.py"):
        for node in ast.walk(ast.parse(module.read_text())):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name not in makers:
                    continue
                texts = [a.value for a in node.args if isinstance(a, ast.Constant)]
                texts = [t for t in texts if isinstance(t, str) and code.match(t)]
                found.update(texts[:1])
            elif isinstance(node, ast.arguments):
                with_defaults = node.args[len(node.args) - len(node.defaults) :]
                for arg, default in zip(with_defaults, node.defaults, strict=True):
                    if arg.arg == "code" and isinstance(default, ast.Constant):
                        found.add(default.value)
    return found


def test_the_reference_explains_every_diagnostic_code():
    guide = (REPO / "docs" / "REFERENCE.md").read_text()
    codes = _diagnostic_codes()
    assert {"unknown-key", "invalid-date", "unknown-ref", "placeholder", "yaml-syntax"} <= codes
    missing = sorted(c for c in codes if f"`{c}`" not in guide)
    assert not missing, f"add these codes to the table in docs/REFERENCE.md: {missing}"


def test_the_deploy_fetches_the_whole_history_for_the_dates_of_changes():
    deploy = load(GITHUB / "workflows" / "deploy.yml")
    checkout = next(
        s for _, s in steps(deploy) if s.get("uses", "").startswith("actions/checkout@")
    )
    # a shallow clone would show no dates of changes (generator.site.history)
    assert checkout["with"]["fetch-depth"] == 0


def test_ci_scope_tells_a_records_only_pull_request(tmp_path):
    git(tmp_path, "init", "--quiet", "--initial-branch=main")
    (tmp_path / "events").mkdir()
    (tmp_path / "events/a.yaml").write_text("title: A\n")
    (tmp_path / "README.md").write_text("x\n")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "--quiet", "-m", "base")
    git(tmp_path, "switch", "--quiet", "-c", "pr")

    def scope() -> str:
        script = REPO / "scripts/ci-scope"
        return subprocess.run(
            [script, "main"], cwd=tmp_path, capture_output=True, text=True, check=True
        ).stdout

    assert scope() == "records-only=false\n"  # nothing changed: run everything
    (tmp_path / "entities").mkdir()
    (tmp_path / "entities/b.yaml").write_text("name: B\n")
    (tmp_path / "events/a.yaml").write_text("title: A2\n")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "--quiet", "-m", "records")
    assert scope() == "records-only=true\n"
    (tmp_path / "README.md").write_text("y\n")
    git(tmp_path, "commit", "--quiet", "-am", "and the readme")
    assert scope() == "records-only=false\n"


def test_every_code_the_guide_quotes_is_given_by_the_checks():
    quoted = set(re.findall(r"\[([a-z]+(?:-[a-z0-9]+)+)\]", (REPO / "CONTRIBUTING.md").read_text()))
    assert quoted
    assert quoted <= _diagnostic_codes(), quoted - _diagnostic_codes()
