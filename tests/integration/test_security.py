"""Hardening a reader never sees until it fails: headers, no inline script, production cookies,
`check --deploy`, upload limits and sign-in throttling."""

import json
import os
import secrets
import subprocess
import sys

import lxml.html
import pytest
from django.urls import reverse

from tests.conftest import PASSWORD, REPO, make_person, make_unit, make_user, make_work
from zhiku.catalog.models import Work

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/"


@pytest.fixture
def site():
    unit = make_unit()
    person = make_person(units=[unit])
    work = make_work(authors=[person])
    gone = make_work(
        authors=[person], title="撤回", status=Work.Status.WITHDRAWN, withdrawn_reason="r"
    )
    return {"unit": unit, "person": person, "work": work, "gone": gone}


def public_urls(site) -> list[str]:
    urls = [
        "/",
        "/experts/",
        "/units/",
        site["person"].get_absolute_url(),
        site["unit"].get_absolute_url(),
        site["work"].get_absolute_url(),
        site["gone"].get_absolute_url(),
    ]
    return urls + [f"/en{url}" for url in urls]


def admin_urls(site) -> list[str]:
    work, person = site["work"], site["person"]
    record = work.history.first()
    return [
        reverse("admin:index"),
        reverse("admin:catalog_work_changelist"),
        reverse("admin:catalog_work_add"),
        reverse("admin:catalog_work_change", args=[work.pk]),
        reverse("admin:catalog_work_history", args=[work.pk]),
        reverse("admin:catalog_work_revision", args=[work.pk, record.history_id]),
        reverse("admin:catalog_work_workflow", args=[work.pk, "withdraw"]),
        reverse("admin:catalog_person_change", args=[person.pk]),
        reverse("admin:editorial_auditentry_changelist"),
        reverse("admin:auth_user_changelist"),
    ]


DATA_BLOCK_TYPES = {"application/json", "application/ld+json"}


def inline_code(html: str) -> list[str]:
    """Inline script, inline style and script-carrying attributes found in ``html``."""
    tree = lxml.html.fromstring(html)
    found = []
    for script in tree.iter("script"):
        # JSON data blocks (schema.org JSON-LD) are never executed, so CSP does not cover them
        if not script.get("src") and script.get("type") not in DATA_BLOCK_TYPES:
            found.append(f"<script> without src: {(script.text or '')[:60]!r}")
    found += [f"<style>: {(s.text or '')[:60]!r}" for s in tree.iter("style")]
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            if name == "style" or name.startswith("on"):
                found.append(f"<{element.tag} {name}={value[:40]!r}>")
            if name in ("href", "src", "action") and value.strip().lower().startswith(
                "javascript:"
            ):
                found.append(f"<{element.tag} {name}={value!r}>")
    return found


def test_public_pages_carry_the_security_headers(client, site):
    for url in public_urls(site):
        response = client.get(url)
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp, url
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert "camera=()" in response.headers["Permissions-Policy"]


def test_no_page_needs_inline_script_or_style(client, site):
    pages = {url: client.get(url) for url in public_urls(site)}
    client.force_login(make_user("administrator"))
    pages |= {url: client.get(url) for url in admin_urls(site)}
    for url, response in pages.items():
        assert response.status_code in (200, 410), url
        assert inline_code(response.content.decode()) == [], url


def run_production(code: str, **env: str) -> dict:
    """Run ``code`` under production settings in a fresh process; return the JSON it prints."""
    # The browser tests' conftest allows async-unsafe ORM calls in this process; production
    # must not inherit that (check --deploy rightly refuses it).
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {
        **inherited,
        "ZHIKU_DEBUG": "0",
        "ZHIKU_SECRET_KEY": secrets.token_urlsafe(50),
        "ZHIKU_ALLOWED_HOSTS": "zhiku.example.org,testserver",
        "DJANGO_SETTINGS_MODULE": "zhiku.settings",
        **env,
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=environment,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    out = run_production(
        "import json, io, django; django.setup()\n"
        "from django.core.management import call_command\n"
        "buf = io.StringIO()\n"
        "call_command('check', deploy=True, fail_level='DEBUG', stdout=buf, stderr=buf)\n"
        "print(json.dumps(buf.getvalue()))",
        ZHIKU_DATA_DIR=str(tmp_path),
    )
    assert out.strip() == "System check identified no issues (0 silenced)."


def test_production_cookies_and_transport(tmp_path):
    out = run_production(
        "import json, django; django.setup()\n"
        "from django.conf import settings\n"
        "from django.test import Client, override_settings\n"
        "# static files unhashed: the manifest would need collectstatic (20 s) first\n"
        "override_settings(STORAGES={**settings.STORAGES, 'staticfiles': {'BACKEND':\n"
        "  'django.contrib.staticfiles.storage.StaticFilesStorage'}}).enable()\n"
        "c = Client()\n"
        "plain = c.get('/admin/login/')\n"
        "secure = c.get('/admin/login/', secure=True)\n"
        "cookie = secure.cookies['__Host-csrftoken']\n"
        "print(json.dumps({'redirect': [plain.status_code, plain.headers.get('Location')],\n"
        "  'hsts': secure.headers.get('Strict-Transport-Security'),\n"
        "  'csp': secure.headers.get('Content-Security-Policy'),\n"
        "  'csrf': [cookie['secure'], cookie['httponly'], cookie['samesite'], cookie['path']]}))",
        ZHIKU_DATA_DIR=str(tmp_path),
    )
    assert out["redirect"] == [301, "https://testserver/admin/login/"]
    assert out["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert out["csp"].endswith("upgrade-insecure-requests")
    assert out["csrf"] == [True, True, "Lax", "/"]


def test_production_refuses_to_start_without_a_secret():
    result = subprocess.run(
        [sys.executable, "-m", "zhiku", "check"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
        env={**os.environ, "ZHIKU_DEBUG": "0", "ZHIKU_SECRET_KEY": ""},
    )
    assert result.returncode != 0 and "ZHIKU_SECRET_KEY is not set" in result.stderr


def test_production_refuses_the_published_development_secret():
    """Issue 14 #17: the secret in the code was accepted as ZHIKU_SECRET_KEY in production."""
    from zhiku.conf import DEV_SECRET_KEY

    for value in (DEV_SECRET_KEY, f" {DEV_SECRET_KEY}\n"):
        result = subprocess.run(
            [sys.executable, "-m", "zhiku", "check"],
            capture_output=True,
            text=True,
            cwd=REPO,
            check=False,
            env={**os.environ, "ZHIKU_DEBUG": "0", "ZHIKU_SECRET_KEY": value},
        )
        assert result.returncode != 0
        assert "ZHIKU_SECRET_KEY is zhiku's published development secret" in result.stderr


def test_check_deploy_reports_the_development_secret(settings):
    from django.core.checks import run_checks

    from zhiku.conf import DEV_SECRET_KEY

    settings.SECRET_KEY = DEV_SECRET_KEY
    assert "zhiku.E001" in {m.id for m in run_checks(include_deployment_checks=True)}
    assert "zhiku.E001" not in {m.id for m in run_checks()}  # development is allowed it
    settings.SECRET_KEY = secrets.token_urlsafe(50)
    settings.SECRET_KEY_FALLBACKS = [DEV_SECRET_KEY]  # a rotation must not keep it either
    assert "zhiku.E001" in {m.id for m in run_checks(include_deployment_checks=True)}
    settings.SECRET_KEY_FALLBACKS = []
    assert "zhiku.E001" not in {m.id for m in run_checks(include_deployment_checks=True)}


def test_an_oversized_upload_is_refused_before_it_is_read(client, settings):
    settings.ZHIKU_MAX_REQUEST_BYTES = 1024
    client.force_login(make_user("editor"))
    big = b"x" * 4096
    response = client.post(
        reverse("admin:catalog_work_add"), data=big, content_type="application/octet-stream"
    )
    assert response.status_code == 413
    assert "最多接受 0 MB" in response.content.decode() or "MB" in response.content.decode()
    small = client.get(reverse("admin:catalog_work_add"))
    assert small.status_code == 200


def attempt(client, username, password, ip):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=ip
    )


def test_failed_sign_ins_lock_the_address(client, settings):
    make_user("editor", username="alice")
    for i in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, f"guess{i}", "wrong", "203.0.113.5").status_code == 200
    assert attempt(client, "guess", "wrong", "203.0.113.5").status_code == 429  # the last straw
    locked = attempt(client, "alice", PASSWORD, "203.0.113.5")  # even the right password
    assert locked.status_code == 429
    assert locked.headers["Retry-After"] == str(settings.AXES_COOLOFF_TIME.seconds)
    assert "登录已锁定 15 分钟" in locked.content.decode()
    assert attempt(client, "alice", PASSWORD, "198.51.100.9").status_code == 302  # elsewhere: fine


def test_failed_sign_ins_lock_the_account_from_any_address(client, settings):
    make_user("editor", username="alice")
    make_user("editor", username="bob")
    for i in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "alice", "wrong", f"203.0.113.{10 + i}")
    assert attempt(client, "alice", PASSWORD, "198.51.100.20").status_code == 429
    assert attempt(client, "bob", PASSWORD, "198.51.100.20").status_code == 302


def test_a_successful_sign_in_resets_the_count(client, settings):
    make_user("editor", username="alice")
    for _round in range(2):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            attempt(client, "alice", "wrong", "203.0.113.5")
        assert attempt(client, "alice", PASSWORD, "203.0.113.5").status_code == 302
        client.post(reverse("admin:logout"))
