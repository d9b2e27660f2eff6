"""A baked project run the way Railway runs it, on this machine.

One bake, one fresh virtualenv with only the generated requirements, and the commands read
from the project's own `.railway/railway.py` graph (never retyped here):

- the Redis service's start command starts a password-protected Redis with its memory cap
  and eviction policy (on a free port, its volume in a temporary directory);
- a PostgreSQL database of its own on 127.0.0.1:5432, dropped at the end;
- the web service's variables, with references resolved as Railway would (DATABASE_URL,
  REDIS_URL) and the hand-set ones (SECRET_KEY, CUSTOM_DOMAINS) given values;
- the build command (collectstatic), the pre-deploy command (migrate), `check --deploy`;
- the start command, twice, on two free ports: two replicas sharing Redis and PostgreSQL,
  reached as Railway's edge and healthcheck reach them (Host, X-Forwarded-Proto).
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import time
import uuid
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest

from .baking import bake, clean_env, fresh_venv, in_venv, run
from .railway_iac import load_graph, rendered_variables, resources

PUBLIC_DOMAIN = "portail-nsi-e2e.up.railway.app"
CUSTOM_DOMAIN = "nsi.lycee-e2e.fr"
HEALTHCHECK_HOST = "healthcheck.railway.app"
POSTGRES_ADMIN_URL = os.environ.get("E2E_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
ADMIN_USERNAME = "admin-e2e"
ADMIN_PASSWORD = "Ada-Lovelace-1815-" + secrets.token_hex(4)

# Prints Redis's eviction policy and memory cap, then whether a connection without password is refused.
REDIS_PROBE = """
import redis, sys
r = redis.Redis.from_url(sys.argv[1])
print(r.config_get("maxmemory-policy")["maxmemory-policy"], r.config_get("maxmemory")["maxmemory"])
try:
    redis.Redis(port=int(sys.argv[2])).ping()
except redis.AuthenticationError:
    print("auth-required")
"""


# Prints how many keys Redis holds, then those without a TTL (the eviction policy assumes none).
REDIS_KEYS_WITHOUT_TTL = """
import redis, sys
r = redis.Redis.from_url(sys.argv[1])
keys = list(r.scan_iter(count=500))
print(len(keys), *[key.decode() for key in keys if r.ttl(key) == -1])
"""


# --- Services this test needs --------------------------------------------------------------
def need(condition: bool, message: str) -> None:
    """A missing service fails the test in CI, and skips it on a laptop."""
    if not condition:
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, what: str, process: subprocess.Popen, log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{what}: exited with {process.returncode}\n{log.read_text()[-4000:]}")
        if check():
            return
        time.sleep(0.2)
    pytest.fail(f"{what}: not ready after {timeout} s\n{log.read_text()[-4000:]}")


def start(command: str, cwd: Path, env: dict, log: Path) -> subprocess.Popen:
    """Run a Railway start command through a shell, as its own process group."""
    with open(log, "ab") as output:
        return subprocess.Popen(
            ["sh", "-c", command], cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


# --- A browser behind Railway's edge --------------------------------------------------------
class Response:
    def __init__(self, status: int, headers, body: str):
        self.status, self.headers, self.body = status, headers, body

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")


class Browser:
    """Cookies for one site, and the headers Railway's edge adds (Host, X-Forwarded-Proto: https).

    The same browser talks to either replica: on Railway both sit behind the same domain.
    """

    def __init__(self, host: str = PUBLIC_DOMAIN, https: bool = True):
        self.host, self.https, self.cookies = host, https, {}
        self.set_cookies: list[str] = []

    def request(self, port: int, method: str, path: str, form: dict | None = None, origin: str | None = None):
        headers = {"Host": self.host}
        if self.https:
            headers["X-Forwarded-Proto"] = "https"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = origin or f"https://{self.host}"
            headers["Referer"] = f"{headers['Origin']}{path}"
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            result = Response(response.status, response.headers, response.read().decode("utf-8", "replace"))
        finally:
            connection.close()
        for header in result.headers.get_all("Set-Cookie") or []:
            self.set_cookies.append(header)
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return result

    def get(self, port: int, path: str) -> Response:
        return self.request(port, "GET", path)

    def post(self, port: int, path: str, form: dict, origin: str | None = None) -> Response:
        """A form POST carrying the CSRF token, as the page's own form would."""
        return self.request(port, "POST", path, {"csrfmiddlewaretoken": self.cookies["csrftoken"], **form}, origin)


class FormFields(HTMLParser):
    """What a browser submits for the page's admin change form (``<form id="…_form">``)."""

    def __init__(self, html: str):
        super().__init__()
        self.fields: dict[str, list[str]] = {}
        self.state = "before"
        self.textarea: str | None = None
        self.select: str | None = None
        self.feed(html)

    def add(self, name: str | None, value: str) -> None:
        if name:
            self.fields.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and self.state == "before" and (attrs.get("id") or "").endswith("_form"):
            self.state = "inside"
        if self.state != "inside":
            return
        kind = (attrs.get("type") or "text").lower()
        if tag == "input" and kind not in {"submit", "button", "image", "file", "reset"}:
            if kind not in {"checkbox", "radio"} or "checked" in attrs:
                self.add(attrs.get("name"), attrs.get("value") or ("on" if kind == "checkbox" else ""))
        elif tag == "textarea":
            self.textarea = attrs.get("name")
            self.add(self.textarea, "")
        elif tag == "select":
            self.select = attrs.get("name")
        elif tag == "option" and self.select and "selected" in attrs:
            self.add(self.select, attrs.get("value") or "")

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None
        elif tag == "form" and self.state == "inside":
            self.state = "after"


# --- The test -------------------------------------------------------------------------------
def test_a_railway_like_deploy_with_two_replicas(tmp_path):
    started = time.monotonic()
    need(answers("127.0.0.1", 5432), "PostgreSQL injoignable sur 127.0.0.1:5432 (.ci/run le démarre).")
    need(
        subprocess.run(["sh", "-c", "command -v redis-server"], capture_output=True).returncode == 0,
        "redis-server introuvable : le test lance la commande de démarrage du service Redis.",
    )

    project = bake(tmp_path, project_name="Portail NSI", github_repository="lycee-e2e/portail-nsi")
    graph = load_graph(project)
    web, redis_service = resources(graph)["service.web"], resources(graph)["service.Redis"]
    venv = fresh_venv(project, "3.12", tmp_path / "venv")
    python = in_venv(venv, "python")

    redis_port, ports = free_port(), [free_port(), free_port()]
    redis_password = secrets.token_hex(16)
    database = f"e2e_{uuid.uuid4().hex[:12]}"
    processes: list[subprocess.Popen] = []
    course = None  # set when the bake has the NSI apps

    def sql(statement: str) -> None:
        code = "import psycopg, sys\nwith psycopg.connect(sys.argv[1], autocommit=True) as c: c.execute(sys.argv[2])"
        run([*python, "-c", code, POSTGRES_ADMIN_URL, statement], cwd=project, timeout=60)

    try:
        # Redis, from the Redis service's own start command and variables.
        redis_vars = rendered_variables(graph, "service.Redis")
        data_dir = tmp_path / "redis-data"
        data_dir.mkdir()
        mount = redis_service["volumeAttachments"]["redis-data"]["mountPath"]
        redis_command = (
            redis_service["deploy"]["startCommand"]
            .replace("exec redis-server ", f"exec redis-server --port {redis_port} --bind 127.0.0.1 ")
            .replace(f"--dir {mount}", f"--dir {data_dir}")
        )
        redis_env = {
            "PATH": os.environ["PATH"],
            "REDIS_PASSWORD": redis_password,
            "REDIS_MAXMEMORY": redis_vars["REDIS_MAXMEMORY"],
        }
        redis_log = tmp_path / "redis.log"
        processes.append(start(redis_command, tmp_path, redis_env, redis_log))
        wait_for(lambda: answers("127.0.0.1", redis_port), "Redis", processes[0], redis_log)
        redis_url = (
            redis_vars["REDIS_URL"]
            .replace("${{REDIS_PASSWORD}}", redis_password)
            .replace("${{RAILWAY_PRIVATE_DOMAIN}}:6379", f"127.0.0.1:{redis_port}")
        )
        config = run([*python, "-c", REDIS_PROBE, redis_url, str(redis_port)], cwd=project).stdout.split()
        assert config == ["allkeys-lru", str(256 * 1024 * 1024), "auth-required"]

        # PostgreSQL: a database of this test's own.
        sql(f'CREATE DATABASE "{database}"')
        database_url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{database}"

        # The web service's variables, references resolved; then what Railway adds itself.
        web_vars = rendered_variables(graph, "service.web")
        resolved = {"${{Postgres.DATABASE_URL}}": database_url, "${{Redis.REDIS_URL}}": redis_url}
        hand_set = {"SECRET_KEY": secrets.token_urlsafe(50), "CUSTOM_DOMAINS": CUSTOM_DOMAIN, "EMAIL_URL": "", "DEFAULT_FROM_EMAIL": ""}
        env_vars = {
            name: hand_set[name] if value is None else resolved.get(value, value) for name, value in web_vars.items()
        }
        assert not [value for value in env_vars.values() if "${{" in value], env_vars
        env = clean_env(
            **env_vars,
            PATH=f"{venv / 'bin'}:{os.environ['PATH']}",
            RAILWAY_PUBLIC_DOMAIN=PUBLIC_DOMAIN,
            RAILWAY_ENVIRONMENT_NAME="production",
            RAILWAY_GIT_COMMIT_SHA=secrets.token_hex(20),
            RAILWAY_DEPLOYMENT_ID=str(uuid.uuid4()),
        )

        def shell(command: str) -> str:
            """A command as Railway runs it: one string, through a shell, in the web service's environment."""
            result = run(["sh", "-c", command], cwd=project, env=env, timeout=180)
            return result.stdout + result.stderr

        # Build, pre-deploy, then the checks a deploy should pass.
        outputs = [shell(web["build"]["buildCommand"])]
        assert (project / "staticfiles" / "staticfiles.json").is_file(), "collectstatic wrote no manifest"
        outputs += [shell(command) for command in web["deploy"]["preDeployCommand"]]
        outputs.append(shell("python manage.py check --deploy --fail-level WARNING"))
        outputs.append(shell("python manage.py makemigrations --check --dry-run"))
        if (project / "caching" / "management" / "commands" / "cache_stats.py").is_file():
            outputs.append(shell("python manage.py cache_stats"))
        # A superuser, whatever the user model (custom accounts.User or Django's).
        create_admin = (
            "from django.contrib.auth import get_user_model\n"
            "from django.urls import reverse\n"
            "User = get_user_model()\n"
            f"user = User.objects.create_superuser(**{{User.USERNAME_FIELD: {ADMIN_USERNAME!r}}},"
            f" email='admin-e2e@example.org', password={ADMIN_PASSWORD!r})\n"
            "User.objects.filter(pk=user.pk).update(first_name='Ada')\n"
            "meta = User._meta\n"
            "print('CHANGE_URL', reverse(f'admin:{meta.app_label}_{meta.model_name}_change', args=[user.pk]))\n"
        )
        result = run([*python, "manage.py", "shell", "-c", create_admin], cwd=project, env=env, timeout=120)
        outputs.append(result.stdout + result.stderr)
        change_url = re.search(r"CHANGE_URL (\S+)", result.stdout).group(1)
        if (project / "courses" / "models.py").is_file():
            create_course = (
                "from django.apps import apps\n"
                "from django.urls import reverse\n"
                "Course = apps.get_model('courses', 'Course')\n"
                "course = Course.objects.create(title='Algorithmique (E2E)', slug='algorithmique-e2e',"
                " level=Course.Level.PREMIERE, is_published=True)\n"
                "print('COURSE', reverse('admin:courses_course_change', args=[course.pk]), reverse('courses:list'))\n"
            )
            result = run([*python, "manage.py", "shell", "-c", create_course], cwd=project, env=env, timeout=120)
            change, listing = re.search(r"COURSE (\S+) (\S+)", result.stdout).groups()
            course = {"title": "Algorithmique (E2E)", "change_url": change, "list_url": listing}

        # Started before a domain exists (no `railway domain` yet): the log says so in one line.
        no_domain = run(
            [*python, "-c", f"import {project.name}.wsgi"],
            cwd=project,
            env={**env, "RAILWAY_PUBLIC_DOMAIN": "", "CUSTOM_DOMAINS": ""},
        )
        assert "Aucun domaine : RAILWAY_PUBLIC_DOMAIN et CUSTOM_DOMAINS sont vides" in no_domain.stdout
        outputs.append(no_domain.stdout + no_domain.stderr)

        # Two replicas: the exact start command, PORT set, sharing Redis and PostgreSQL.
        logs = [tmp_path / f"web-{index}.log" for index in range(2)]
        for port, log in zip(ports, logs, strict=True):
            processes.append(start(web["deploy"]["startCommand"], project, {**env, "PORT": str(port)}, log))
        health = web["deploy"]["healthcheckPath"]
        healthcheck = Browser(HEALTHCHECK_HOST, https=False)
        for port, process, log in zip(ports, processes[1:], logs, strict=True):
            wait_for(lambda port=port: answers("127.0.0.1", port), f"gunicorn :{port}", process, log)

            # Railway's healthcheck: plain http, its own Host, not redirected to https.
            response = healthcheck.get(port, health)
            assert response.status == 200, (response.status, response.location, response.body)
            assert json.loads(response.body)["database"] == "ok"
            assert json.loads(response.body)["cache"] == "ok"
            # ... and that host serves nothing else.
            assert healthcheck.get(port, "/accounts/login/").status == 400
            assert Browser("attacker.example").get(port, health).status == 400

        one, two = ports
        # Plain http on the public domain is redirected to https; https is served, static files too.
        plain = Browser(https=False).get(one, "/accounts/login/")
        assert (plain.status, plain.location) == (301, f"https://{PUBLIC_DOMAIN}/accounts/login/")
        assert Browser(CUSTOM_DOMAIN).get(two, "/accounts/login/").status == 200
        browser = Browser()
        page = browser.get(one, "/accounts/login/")
        assert page.status == 200 and "csrftoken" in browser.cookies
        assert "Strict-Transport-Security" in page.headers
        stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', page.body)
        assert stylesheet, "no hashed stylesheet in the login page: collectstatic manifest not used"
        assert browser.get(two, stylesheet.group(1)).status == 200

        # CSRF is on: a login POST from another origin is refused...
        refused = browser.post(
            one,
            "/accounts/login/",
            {"username": ADMIN_USERNAME, "password": ADMIN_PASSWORD},
            origin="https://attacker.example",
        )
        assert refused.status == 403
        # ... and the same POST from https://<RAILWAY_PUBLIC_DOMAIN> logs in.
        login = browser.post(one, "/accounts/login/", {"username": ADMIN_USERNAME, "password": ADMIN_PASSWORD})
        assert login.status == 302, (login.status, login.body[:2000])
        assert "sessionid" in browser.cookies
        session_cookie = next(header for header in browser.set_cookies if header.startswith("sessionid="))
        assert "Secure" in session_cookie and "HttpOnly" in session_cookie

        # The login made on the first replica is valid on the second.
        assert browser.get(two, "/admin/").status == 200
        assert browser.get(one, "/admin/").status == 200

        # An admin edit through the first replica shows on the second at once.
        form = FormFields(browser.get(one, change_url).body).fields
        assert form.get("first_name") == ["Ada"], form
        form["first_name"] = ["Grace"]
        form["_save"] = ["Enregistrer"]
        form.pop("csrfmiddlewaretoken", None)
        saved = browser.post(one, change_url, form)
        assert saved.status == 302, re.findall(r'class="errorlist[^"]*">(.*?)</ul>', saved.body, re.S)
        assert FormFields(browser.get(two, change_url).body).fields["first_name"] == ["Grace"]

        # With the NSI apps: a course renamed in the admin of the first replica is renamed at once
        # on the second's course list, a page served from the shared Redis (invalidated on save).
        if course:
            before = browser.get(two, course["list_url"])
            assert before.status == 200 and course["title"] in before.body
            form = FormFields(browser.get(one, course["change_url"]).body).fields
            assert form.get("title") == [course["title"]], form
            form["title"] = ["Programmation dynamique (E2E)"]
            form["_save"] = ["Enregistrer"]
            form.pop("csrfmiddlewaretoken", None)
            saved = browser.post(one, course["change_url"], form)
            assert saved.status == 302, re.findall(r'class="errorlist[^"]*">(.*?)</ul>', saved.body, re.S)
            after = browser.get(two, course["list_url"])
            assert "Programmation dynamique (E2E)" in after.body and course["title"] not in after.body

        # A logout on the second replica is a logout on the first.
        old_cookies = dict(browser.cookies)
        assert browser.post(two, "/accounts/logout/", {}).status in (200, 302)
        assert "sessionid" not in browser.cookies
        replay = Browser()
        replay.cookies = old_cookies
        after = replay.get(one, "/admin/")
        assert (after.status, after.location.split("?")[0]) == (302, "/admin/login/")

        # Logs: one startup line per replica naming cache, sessions and database; no password.
        for log in logs:
            lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
            startup = [line["message"] for line in lines if line["message"].startswith("Démarrage")]
            assert len(startup) == 1, log.read_text()
            for part in ("cache=Redis redis://default:***@127.0.0.1", "sessions=cached_db", "base=postgresql"):
                assert part in startup[0]
            assert not [line for line in lines if line["level"] in {"error", "critical"}], log.read_text()
            assert not [line for line in lines if line["message"].startswith("Aucun domaine")]
        # Every key the project wrote during this deploy carries a TTL: what allkeys-lru and the
        # README assume (a key without one would only go when memory is full).
        counted, *without_ttl = run([*python, "-c", REDIS_KEYS_WITHOUT_TTL, redis_url], cwd=project).stdout.split()
        assert int(counted) > 0 and without_ttl == [], without_ttl

        everything = "".join(outputs) + "".join(log.read_text() for log in logs) + redis_log.read_text()
        assert redis_password not in everything
        assert hand_set["SECRET_KEY"] not in everything
    finally:
        for process in reversed(processes):
            stop(process)
        if answers("127.0.0.1", 5432):
            sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        print(f"end-to-end: {time.monotonic() - started:.1f} s, course check: {'yes' if course else 'no NSI apps'}")
