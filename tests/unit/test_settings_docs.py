"""The settings table (zhiku/conf.py) is the whole of zhiku's configuration, and the docs say so:

- docs/deployment.md carries the reference generated from the table, so a setting missing there
  (or a doc changed in one place only) fails here;
- no doc and no README names a ``ZHIKU_*`` variable the table does not have (test-only variables
  and Django setting names excepted, each checked to exist);
- the README's short table agrees with the table's defaults;
- no module of zhiku reads a ``ZHIKU_*`` variable from the environment itself, and every
  ``ZHIKU_*`` name in the code is a setting of the table or a setting settings.py derives.
"""

import ast
import re

from tests.conftest import REPO
from zhiku import conf
from zhiku.conf import BY_NAME, SETTINGS

NAME = re.compile(r"\bZHIKU_[A-Z0-9]+(?:_[A-Z0-9]+)*\b")
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
DEPLOYMENT = REPO / "docs" / "deployment.md"
SETTINGS_MODULE = REPO / "zhiku" / "settings.py"
# Variables only the test suite reads; the docs may name them.
TEST_ONLY = {"ZHIKU_TEST_DB", "ZHIKU_TEST_DATABASE_URL", "ZHIKU_UPDATE_SNAPSHOTS", "ZHIKU_CHROMIUM"}


def derived_settings() -> set[str]:
    """``ZHIKU_*`` names settings.py defines that are not environment variables (computed from
    them, like ZHIKU_MAX_REQUEST_BYTES, or fixed, like ZHIKU_CSP)."""
    tree = ast.parse(SETTINGS_MODULE.read_text())
    assigned = {
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    return {name for name in assigned if name.startswith("ZHIKU_")} - set(BY_NAME)


def test_variables_read_only_by_the_tests():
    """The test-only variables are read by the tests, and are not settings."""
    tests = "\n".join(p.read_text() for p in (REPO / "tests").rglob("*.py"))
    for name in TEST_ONLY:
        assert re.search(rf"environ(\.get\(|\[)\s*[\"']{name}[\"']", tests), name
        assert name not in BY_NAME


def test_every_setting_is_in_the_deployment_reference():
    text = DEPLOYMENT.read_text()
    missing = [s.name for s in SETTINGS if f"| `{s.name}` |" not in text]
    assert not missing, f"docs/deployment.md lacks {missing}: run `python -m zhiku.conf`"


def test_the_deployment_reference_is_the_generated_table():
    text = DEPLOYMENT.read_text()
    assert conf.DOCS_START in text and conf.DOCS_END in text
    start = text.index(conf.DOCS_START)
    end = text.index(conf.DOCS_END) + len(conf.DOCS_END)
    assert text[start:end] == conf.markdown_table(), (
        "docs/deployment.md's settings reference differs from zhiku/conf.py: paste the output "
        "of `python -m zhiku.conf` between its markers"
    )


def test_docs_name_no_variable_the_table_lacks():
    derived = derived_settings()
    unknown = {}
    for path in DOCS:
        for name in set(NAME.findall(path.read_text())):
            if name not in BY_NAME and name not in TEST_ONLY and name not in derived:
                unknown.setdefault(path.name, []).append(name)
    assert not unknown, f"docs name variables zhiku/conf.py does not have: {unknown}"


def test_the_readme_table_agrees_with_the_defaults():
    """Each row of the README's configuration table names settings of the table; where it
    gives literal defaults (one per name), they are the table's."""
    section = REPO.joinpath("README.md").read_text().split("## Configuration", 1)[1]
    rows = [line for line in section.split("\n## ", 1)[0].splitlines() if line.startswith("| `")]
    assert rows
    checked = 0
    for row in rows:
        names_cell, default_cell, _meaning = row.strip("|").split(" | ", 2)
        names = NAME.findall(names_cell)
        assert names and all(name in BY_NAME for name in names), row
        defaults = re.findall(r"`([^`]*)`", default_cell)
        if len(defaults) != len(names) or NAME.search(default_cell):
            continue  # described in words (computed defaults)
        for name, default in zip(names, defaults, strict=True):
            if BY_NAME[name].default:
                assert default == BY_NAME[name].default, f"README: {name} default {default!r}"
                checked += 1
    assert checked >= 20


def zhiku_sources():
    for path in sorted((REPO / "zhiku").rglob("*")):
        if path.suffix in {".py", ".html", ".txt"} and path.is_file():
            yield path


def test_no_module_reads_a_zhiku_variable_from_the_environment():
    """Only conf.py looks at the environment for ZHIKU_* values (settings.py hands it
    ``os.environ``); everything else reads the Django setting."""
    reads = re.compile(r"(environ\b|getenv\b)[^\n]*ZHIKU_|ZHIKU_[A-Z_]*[\"']\s*\)?\s*in\s+os")
    offenders = [
        f"{path.relative_to(REPO)}:{number}"
        for path in zhiku_sources()
        if path.name != "conf.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if reads.search(line)
    ]
    assert not offenders, f"read the setting (zhiku/conf.py) instead: {offenders}"


def test_every_zhiku_name_in_the_code_is_a_setting():
    allowed = set(BY_NAME) | derived_settings()
    unknown = {
        f"{path.relative_to(REPO)}: {name}"
        for path in zhiku_sources()
        for name in NAME.findall(path.read_text())
        if name not in allowed
    }
    assert not unknown, f"ZHIKU_* names that are not in zhiku/conf.py: {sorted(unknown)}"


def test_settings_py_reads_every_setting_of_the_table():
    used = set(re.findall(r"env\[\"(ZHIKU_[A-Z0-9_]+)\"\]", SETTINGS_MODULE.read_text()))
    assert used == set(BY_NAME)
