"""Every interface string is translated in both catalogues, including strings added since the
catalogues were last refreshed: the strings are re-extracted from the code into a copy of the
catalogues, and gettext's own tools list what is untranslated or fuzzy there."""

import os
import shutil
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import REPO

LOCALES = ("zh_Hans", "en")


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The catalogues after ``makemessages`` on the current code (in a temporary copy)."""
    if not shutil.which("msgattrib"):
        pytest.fail("gettext is not installed: `make test` installs it with apt")
    tmp = tmp_path_factory.mktemp("messages")
    locale = tmp / "locale"
    shutil.copytree(REPO / "zhiku" / "locale", locale)
    (tmp / "copy_settings.py").write_text(
        textwrap.dedent(
            f"""
            from zhiku.settings import *  # noqa: F403
            LOCALE_PATHS = [{str(locale)!r}]
            """
        )
    )
    env = {
        **os.environ,
        "PYTHONPATH": f"{tmp}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
        "DJANGO_SETTINGS_MODULE": "copy_settings",
        "ZHIKU_DATA_DIR": str(tmp / "data"),
    }
    args = ["makemessages", *(f"-l{lang}" for lang in LOCALES), "--no-obsolete"]
    # The real catalogue folder is ignored so makemessages writes only into the copy.
    for pattern in (".venv/*", "tests/*", "bench/*", "zhiku/locale"):
        args += ["--ignore", pattern]
    result = subprocess.run(
        [sys.executable, "-m", "django", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return locale


def entries(po_path, *flags) -> list[str]:
    """msgids that ``msgattrib`` selects with ``flags`` (e.g. --untranslated)."""
    result = subprocess.run(
        ["msgattrib", *flags, "--no-obsolete", "--no-wrap", str(po_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return [
        line.removeprefix('msgid "').removesuffix('"')
        for line in result.stdout.splitlines()
        if line.startswith('msgid "') and line != 'msgid ""'
    ]


@pytest.mark.parametrize("lang", LOCALES)
def test_no_untranslated_interface_string(extracted, lang):
    po = extracted / lang / "LC_MESSAGES" / "django.po"
    untranslated = entries(po, "--untranslated")
    assert not untranslated, (
        f"{lang}: {len(untranslated)} untranslated string(s); add them to "
        f"zhiku/locale/zh_Hans.json and run `make messages`:\n  " + "\n  ".join(untranslated)
    )


@pytest.mark.parametrize("lang", LOCALES)
def test_no_fuzzy_translation(extracted, lang):
    po = extracted / lang / "LC_MESSAGES" / "django.po"
    assert entries(po, "--only-fuzzy") == []


def test_the_check_catches_a_new_string(tmp_path):
    """The tools see an entry without translation (guards the check itself)."""
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Experts"\nmsgstr "专家"\n\nmsgid "Brand new string"\nmsgstr ""\n'
    )
    assert entries(po, "--untranslated") == ["Brand new string"]
