"""The layers of zhiku run one way (docs/architecture.md), read from every module's imports.

Low to high: ``text`` < (``security``, ``errors``) < ``catalog`` < (``ingest``, ``search``) <
``interop`` < (``editorial``, ``ops``) < the project modules (settings, urls, wsgi, __main__).
A module may import its own app and any app below it, never one above it or beside it. Also:
``zhiku/text`` imports neither Django nor the rest of zhiku; only ``zhiku/search/backends/``
imports tantivy; no import circle between modules; no module over 400 lines. Every import
counts: at module level, inside functions, under ``TYPE_CHECKING``, relative or absolute.
Migrations are exempt. Templates follow the same order: an app's template may ``{% include %}``
templates and ``{% load %}`` tag libraries of its own app and the apps below it (a page may still
``{% extends %}`` the site's frame, ``base.html``); the apps above fill slots instead.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: App (second part of the module name) → its rank; a higher rank may import a lower one.
LAYERS: dict[str, int] = {
    "text": 0,
    "security": 1,
    "errors": 1,  # zhiku/errors.py: database failures in words, imports nothing of zhiku
    "conf": 1,  # zhiku/conf.py: the settings table, Django-free, read by settings.py
    "conf_types": 0,  # zhiku/conf_types.py: the table's column types and parsers, below conf
    "catalog": 2,
    "ingest": 3,
    "search": 3,
    "interop": 4,
    "editorial": 5,
    "ops": 5,
    "settings": 6,
    "urls": 6,
    "wsgi": 6,
    "__main__": 6,
    "locale": 6,  # zhiku/locale/fill.py, the translation script of `make messages`
    "templates": 6,  # zhiku/templates/: the site frame (base.html), error pages, admin skin
}

MAX_LINES = 400

# --- temporary allowlists: each entry is work in progress on another branch; empty at merge --

#: Modules that still import tantivy while the search backend moves to zhiku/search/backends/.
TEMPORARY_TANTIVY_OUTSIDE_BACKENDS: frozenset[str] = frozenset()
#: (importer, imported) pairs against the layers: none.
TEMPORARY_LAYER_EXCEPTIONS: frozenset[tuple[str, str]] = frozenset()
#: Modules of import circles: none.
TEMPORARY_CIRCLE_MODULES: frozenset[str] = frozenset()
#: Modules over MAX_LINES: none.
TEMPORARY_LONG_MODULES: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    target: str  # the imported module (absolute), or the package a name comes from
    line: int


def module_name(path: Path, root: Path | None = None) -> str:
    parts = list(path.relative_to(root or ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(module: str, source: str, *, is_package: bool, known: set[str]) -> list[Import]:
    """Every import in ``source``, resolved to absolute module names.

    ``from a.b import c`` is the module ``a.b.c`` when that is a module of ``known``, else
    ``a.b``; relative imports are resolved against ``module`` (a package is its own base).
    """
    package = module if is_package else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [Import(module, alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            for alias in node.names:
                candidate = f"{origin}.{alias.name}"
                found.append(
                    Import(module, candidate if candidate in known else origin, node.lineno)
                )
    return found


def app_of(module: str) -> str | None:
    """The layer name of a zhiku module (``zhiku.catalog.models`` → ``catalog``)."""
    parts = module.split(".")
    if parts[0] != "zhiku" or len(parts) < 2:
        return None
    return parts[1]


def layer_problems(imports: list[Import]) -> list[str]:
    problems: list[str] = []
    for imp in dict.fromkeys(imports):  # one report per import, however many names it brings
        here, there = app_of(imp.module), app_of(imp.target)
        if imp.module.startswith("zhiku.text") or imp.module == "zhiku.text":
            top = imp.target.split(".")[0]
            if top == "django" or (top == "zhiku" and there != "text"):
                problems.append(
                    f"{imp.module}:{imp.line} imports {imp.target} (zhiku.text is base)"
                )
            continue
        if here is None or there is None or here == there:
            continue
        if (imp.module, imp.target) in TEMPORARY_LAYER_EXCEPTIONS:
            continue
        if here not in LAYERS or there not in LAYERS:
            problems.append(f"{imp.module}:{imp.line} imports {imp.target}: no layer for it")
        elif LAYERS[there] >= LAYERS[here]:
            where = "beside" if LAYERS[there] == LAYERS[here] else "above"
            problems.append(f"{imp.module}:{imp.line} imports {imp.target}, {where} {here}")
    return problems


def tantivy_problems(imports: list[Import]) -> list[str]:
    return [
        f"{imp.module}:{imp.line} imports tantivy outside zhiku/search/backends/"
        for imp in dict.fromkeys(imports)
        if imp.target.split(".")[0] == "tantivy"
        and not imp.module.startswith("zhiku.search.backends")
        and imp.module not in TEMPORARY_TANTIVY_OUTSIDE_BACKENDS
    ]


def circles(imports: list[Import], modules: set[str]) -> list[list[str]]:
    """Import circles between ``modules`` (strongly connected components of two or more, or a
    module importing itself), by Tarjan's algorithm."""
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for imp in imports:
        if imp.target in modules and imp.module in modules:
            graph[imp.module].add(imp.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        # Iterative depth-first search: the module graph can be deeper than the recursion limit.
        work = [(node, iter(sorted(graph[node])))]
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        while work:
            current, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[current] = min(low[current], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[current])
            if low[current] == index[current]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == current:
                        break
                if len(component) > 1 or current in graph[current]:
                    found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _sources(*folders: str) -> dict[Path, str]:
    return {
        path: path.read_text(encoding="utf-8")
        for folder in folders
        for path in sorted((ROOT / folder).rglob("*.py"))
        if "migrations" not in path.parts
    }


def _all_imports(sources: dict[Path, str]) -> tuple[list[Import], set[str]]:
    known = {module_name(path) for path in sources}
    imports = []
    for path, source in sources.items():
        imports += imports_of(
            module_name(path), source, is_package=path.name == "__init__.py", known=known
        )
    return imports, known


@pytest.fixture(scope="module")
def project():
    return _all_imports(_sources("zhiku", "bench"))


def test_imports_follow_the_layers(project):
    imports, _ = project
    assert layer_problems(imports) == []


def test_only_the_search_backends_import_tantivy(project):
    imports, _ = project
    assert tantivy_problems(imports) == []


def test_there_is_no_import_circle(project):
    imports, known = project
    found = [c for c in circles(imports, known) if not set(c) <= TEMPORARY_CIRCLE_MODULES]
    assert found == []


def test_no_module_is_over_400_lines():
    long = [
        f"{path.relative_to(ROOT)}: {source.count(chr(10))} lines"
        for path, source in _sources("zhiku").items()
        if source.count("\n") > MAX_LINES
        and str(path.relative_to(ROOT)) not in TEMPORARY_LONG_MODULES
    ]
    assert long == []


def test_every_app_has_a_layer(project):
    _, known = project
    apps = {app_of(m) for m in known if m.startswith("zhiku.")}
    assert apps - set(LAYERS) == set()


_TAG = re.compile(r"{%\s*(include|load)\s+([^%]*?)\s*%}")


def template_uses(text: str) -> list[tuple[str, str]]:
    """("include", template name) and ("load", library) for each use in a template's text."""
    uses = []
    for kind, args in _TAG.findall(text):
        if kind == "include":
            uses.append((kind, args.split()[0].strip("\"'")))
        elif " from " not in f" {args} ":
            uses += [(kind, library) for library in args.split()]
    return uses


def template_problems(
    templates: dict[str, dict[str, str]], providers: dict[tuple[str, str], str]
) -> list[str]:
    """``templates``: app → {template name: text}; ``providers``: ("include", name) or
    ("load", library) → the app that provides it (unknown ones are Django's own)."""
    problems = []
    for app, texts in templates.items():
        for name, text in texts.items():
            for use in template_uses(text):
                there = providers.get(use)
                if there is None or there == app:
                    continue
                if LAYERS[there] >= LAYERS[app]:
                    problems.append(f"{app}: {name} {use[0]}s {use[1]} of {there}")
    return problems


def _templates() -> tuple[dict[str, dict[str, str]], dict[tuple[str, str], str]]:
    templates: dict[str, dict[str, str]] = {}
    providers: dict[tuple[str, str], str] = {}
    folders = [(p.parent.name, p) for p in (ROOT / "zhiku").glob("*/templates")]
    folders.append(("templates", ROOT / "zhiku" / "templates"))  # the project's own
    for app, folder in folders:
        for path in folder.rglob("*.html"):
            name = path.relative_to(folder).as_posix()
            templates.setdefault(app, {})[name] = path.read_text(encoding="utf-8")
            providers[("include", name)] = app
    for library in (ROOT / "zhiku").glob("*/templatetags/*.py"):
        providers[("load", library.stem)] = library.parent.parent.name
    return templates, providers


def test_templates_follow_the_layers():
    assert template_problems(*_templates()) == []


# --- the checks can fail -------------------------------------------------------------------


def _synthetic(modules: dict[str, str]) -> tuple[list[Import], set[str]]:
    known = set(modules)
    imports = []
    for name, source in modules.items():
        imports += imports_of(name, source, is_package=False, known=known)
    return imports, known


def test_an_import_against_the_layers_is_flagged():
    imports, _ = _synthetic(
        {
            "zhiku.catalog.views": "def f():\n    from zhiku.editorial.permissions import x\n",
            "zhiku.search.api": "from ..ingest import rules\n",  # relative, beside search
            "zhiku.interop.feeds": "from zhiku.catalog import models\n",  # allowed: lower
            "zhiku.editorial.permissions": "",
            "zhiku.ingest.rules": "",
            "zhiku.catalog.models": "",
        }
    )
    problems = layer_problems(imports)
    assert len(problems) == 2
    assert "zhiku.catalog.views:2 imports zhiku.editorial.permissions, above catalog" in problems
    assert "zhiku.search.api:1 imports zhiku.ingest.rules, beside search" in problems


def test_django_or_zhiku_under_text_is_flagged():
    imports, _ = _synthetic(
        {
            "zhiku.text.names": "import re\nfrom django.conf import settings\n"
            "from zhiku.text.scripts import HAN\n",
            "zhiku.text.keys": "from zhiku.catalog.models import Work\n",
            "zhiku.text.scripts": "",
            "zhiku.catalog.models": "",
        }
    )
    assert [p.split(" ")[0] for p in layer_problems(imports)] == [
        "zhiku.text.names:2",
        "zhiku.text.keys:1",
    ]


def test_tantivy_outside_the_backends_is_flagged():
    imports, _ = _synthetic(
        {
            "zhiku.search.views": "def f():\n    import tantivy\n",
            "zhiku.search.backends.tantivy_backend": "import tantivy\n",
        }
    )
    assert tantivy_problems(imports) == [
        "zhiku.search.views:2 imports tantivy outside zhiku/search/backends/"
    ]


def test_a_circle_is_flagged():
    imports, known = _synthetic(
        {
            "bench.a": "from bench.b import x\n",
            "bench.b": "def f():\n    from bench import a\n",
            "bench.c": "from bench.a import y\n",
        }
    )
    assert circles(imports, known) == [["bench.a", "bench.b"]]


def test_a_template_using_a_higher_app_is_flagged():
    templates = {
        "catalog": {
            "catalog/work.html": '{% load i18n zhiku search %}{% include "search/_box.html" %}',
            "catalog/ok.html": '{% include "catalog/_tree.html" %}{% load x from zhiku %}',
        },
        "search": {"search/page.html": '{% load zhiku %}{% include "catalog/_tree.html" %}'},
    }
    providers = {
        ("load", "zhiku"): "catalog",
        ("load", "search"): "search",
        ("include", "search/_box.html"): "search",
        ("include", "catalog/_tree.html"): "catalog",
    }
    assert template_problems(templates, providers) == [
        "catalog: catalog/work.html loads search of search",
        "catalog: catalog/work.html includes search/_box.html of search",
    ]
