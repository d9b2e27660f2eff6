"""A pupil solves the demo's `somme` in a real browser, against a baked project served by gunicorn.

The project is built and started as on Railway (build command with collectstatic and the
sandbox's compilation, migrate, the web start command), on PostgreSQL and a Redis of its own,
with the demo content. Headless Chromium (tests/browser.py) logs in as a demo pupil, opens
the exercise page at a phone's width, runs "Exécuter" (Pyodide, from the project's own static
files, in a Web Worker), stops a runaway loop, then "Valider" (the server's sandbox) wins the
XP and shows the solution. Any console error, failed load or CSP violation fails the test.

Served over plain http on localhost (SECURE_SSL_REDIRECT off): Chromium treats localhost as
secure, so the Secure cookies of the production settings work.
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import shutil
import subprocess
import time
import uuid

import pytest

from .baking import bake, clean_env, in_venv, run, venv_for
from .browser import ConsoleWatch, chromium, need_chromium
from .railway_iac import load_graph, rendered_variables, resources
from .test_production_e2e import POSTGRES_ADMIN_URL, answers, free_port, need, start, stop, wait_for

PUPIL = "eleve.ada"
# The solution a pupil types (not the teacher's: the server checks the pupil's own code).
PUPIL_CODE = (
    "def somme(nombres):\n    resultat = 0\n    for n in nombres:\n        resultat += n\n    return resultat\n"
)
# No favicon in the project yet: the browser's automatic request for it is the one 404 allowed.
IGNORED_CONSOLE = ("/favicon.ico",)

FIND_SOMME = (
    "from exercises.models import Exercise\n"
    "print('SOMME', Exercise.objects.get(kind='python', starter_code__startswith='def somme').pk)\n"
)


def static_file(port: int, path: str, encoding: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    connection.request("GET", path, headers={"Host": "localhost", "Accept-Encoding": encoding})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    """The demo portal served by gunicorn on localhost: (port, pupil's password, somme's URL, timings)."""
    need(answers("127.0.0.1", 5432), "PostgreSQL injoignable sur 127.0.0.1:5432 (.ci/run le démarre).")
    need(shutil.which("redis-server") is not None, "redis-server introuvable.")
    need_chromium()
    tmp = tmp_path_factory.mktemp("browser")
    project = bake(tmp, project_name="Portail NSI")
    graph = load_graph(project)
    web = resources(graph)["service.web"]
    python = in_venv(venv_for(project, "3.12"), "python")
    database = f"browser_{uuid.uuid4().hex[:12]}"
    redis_port, port = free_port(), free_port()
    processes: list[subprocess.Popen] = []

    def sql(statement: str) -> None:
        code = "import psycopg, sys\nwith psycopg.connect(sys.argv[1], autocommit=True) as c: c.execute(sys.argv[2])"
        run([*python, "-c", code, POSTGRES_ADMIN_URL, statement], cwd=project, timeout=60)

    try:
        redis_log = tmp / "redis.log"
        redis = f"exec redis-server --port {redis_port} --bind 127.0.0.1 --save '' --appendonly no"
        processes.append(start(redis, tmp, {"PATH": os.environ["PATH"]}, redis_log))
        wait_for(lambda: answers("127.0.0.1", redis_port), "Redis", processes[-1], redis_log)
        sql(f'CREATE DATABASE "{database}"')

        # The web service's own variables, then what differs here: localhost over plain http,
        # one gunicorn worker (two cores shared with the rest of the suite).
        resolved = {
            "${{Postgres.DATABASE_URL}}": POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{database}",
            "${{Redis.REDIS_URL}}": f"redis://127.0.0.1:{redis_port}/0",
        }
        hand_set = {"SECRET_KEY": secrets.token_urlsafe(50), "CUSTOM_DOMAINS": ""}
        variables = {
            name: hand_set[name] if value is None else resolved.get(value, value)
            for name, value in rendered_variables(graph, "service.web").items()
        }
        venv_bin = os.path.dirname(python[0])
        variables.update(
            PATH=f"{venv_bin}:{os.environ['PATH']}",
            RAILWAY_PUBLIC_DOMAIN="localhost",
            SECURE_SSL_REDIRECT="false",
            WEB_CONCURRENCY="1",
        )
        env = clean_env(**variables)

        def shell(command: str) -> str:
            result = run(["sh", "-c", command], cwd=project, env=env, timeout=600)
            return result.stdout + result.stderr

        timings = {}
        started = time.monotonic()
        shell(web["build"]["buildCommand"])
        timings["build"] = time.monotonic() - started
        for command in web["deploy"]["preDeployCommand"]:
            shell(command)
        seeded = shell("python manage.py seed_demo --allow-production")
        password = re.search(rf"^\s*{re.escape(PUPIL)} : (\S+)$", seeded, re.MULTILINE).group(1)
        exercise = re.search(r"SOMME (\d+)", shell(f'python manage.py shell -c "{FIND_SOMME}"')).group(1)

        log = tmp / "web.log"
        processes.append(start(web["deploy"]["startCommand"], project, {**env, "PORT": str(port)}, log))
        wait_for(lambda: answers("127.0.0.1", port), "gunicorn", processes[-1], log, timeout=120)
        yield {"port": port, "password": password, "exercise": f"/exercises/{exercise}/", "timings": timings}
        assert not re.search(r'"level": "(error|critical)"', log.read_text()), log.read_text()[-4000:]
    finally:
        for process in reversed(processes):
            stop(process)
        if answers("127.0.0.1", 5432):
            sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def check_pyodides_files_are_served_compressed_with_their_types(port: int) -> None:
    wasm = static_file(port, "/static/vendor/pyodide/pyodide.asm.wasm", "gzip, deflate, br")
    assert (wasm.status, wasm.getheader("Content-Type"), wasm.getheader("Content-Encoding")) == (
        200,
        "application/wasm",
        "br",
    )
    assert int(wasm.getheader("Content-Length")) < 2_500_000
    gzipped = static_file(port, "/static/vendor/pyodide/pyodide.asm.wasm", "gzip")
    assert gzipped.getheader("Content-Encoding") == "gzip" and int(gzipped.getheader("Content-Length")) < 3_300_000
    worker = static_file(port, "/static/exercises/pyodide_worker.js", "gzip")
    assert "'wasm-unsafe-eval'" in worker.getheader("Content-Security-Policy")


# One test for the whole scenario: under xdist, a second test could build the portal again elsewhere.
def test_a_pupil_runs_and_validates_somme_in_the_browser(portal):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    check_pyodides_files_are_served_compressed_with_their_types(portal["port"])
    started = time.monotonic()
    base = f"http://localhost:{portal['port']}"
    driver = chromium(390, 844, mobile=True)
    watch = ConsoleWatch(driver, ignored=IGNORED_CONSOLE)
    wait = WebDriverWait(driver, 120)
    timings = portal["timings"]

    def find(selector: str):
        return driver.find_element(By.CSS_SELECTOR, selector)

    def state(selector: str, *states: str) -> str:
        wait.until(lambda _: find(selector).get_attribute("data-state") in states)
        return find(selector).get_attribute("data-state")

    def open_exercise() -> None:
        watch.collect()
        driver.get(base + portal["exercise"])
        wait.until(lambda _: find("[data-run]").is_displayed())

    def type_code(code: str) -> None:
        find(".cm-content").click()
        # Select all and delete through the editor's own key bindings (Chromium's editing of a
        # selection spanning lines would write style attributes, which the CSP refuses), then
        # one insertion, as a paste: without the editor's auto-indentation.
        find(".cm-content").send_keys(Keys.CONTROL, "a")
        find(".cm-content").send_keys(Keys.DELETE)
        driver.execute_cdp_cmd("Input.insertText", {"text": code})

    def run_code() -> tuple[str, float]:
        clicked = time.monotonic()
        find("[data-run]").click()
        result = state("[data-run-results]", "passed", "failed")
        return result, time.monotonic() - clicked

    try:
        driver.get(base + "/accounts/login/")
        find("input[name=username]").send_keys(PUPIL)
        find("input[name=password]").send_keys(portal["password"])
        find("form button[type=submit], form input[type=submit]").click()
        wait.until(lambda _: "/accounts/login/" not in driver.current_url)

        open_exercise()
        assert find("textarea[name=code]").is_displayed() is False  # the editor took its place
        type_code(PUPIL_CODE)
        assert find("textarea[name=code]").get_property("value") == PUPIL_CODE

        # "Exécuter": the public tests pass in Pyodide (downloaded from the site on first use).
        result, timings["first run"] = run_code()
        assert result == "passed", find("[data-run-results]").text
        assert "Tests publics : 2 sur 2 réussis." in find("[data-run-results]").text
        timings["pyodide cold load"] = float(find("[data-python-editor]").get_attribute("data-pyodide-load-seconds"))

        # A runaway loop: "Arrêter" ends it, and the page stays usable.
        type_code("while True:\n    pass\n")
        find("[data-run]").click()
        wait.until(lambda _: find("[data-stop]").is_displayed())
        find("[data-stop]").click()
        assert state("[data-run-results]", "passed", "failed") == "failed"
        assert "arrêtée" in find("[data-run-status]").text

        # "Valider": the server runs the private tests, awards the XP and reveals the solution.
        type_code(PUPIL_CODE)
        find("[data-python-editor] button[type=submit]").click()
        verdict = state("[data-submit-results]", "passed", "failed", "error"), find("[data-submit-results]").text
        assert verdict[0] == "passed", verdict
        verdict = verdict[1]
        assert re.search(r"\+\d+ XP", verdict), verdict
        solution = find("[data-solution]")
        assert solution.is_displayed() and "total = total + nombre" in solution.text
        assert "accumulateur" in solution.text  # the remarks
        # At a phone's width nothing scrolls sideways.
        assert driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")

        # Again, from the browser's cache: the code kept, the solution shown, Pyodide warm.
        open_exercise()
        assert "resultat += n" in find(".cm-content").text
        assert "total = total + nombre" in find("[data-solution]").text
        result, timings["warm run"] = run_code()
        assert result == "passed"
        timings["pyodide warm load"] = float(find("[data-python-editor]").get_attribute("data-pyodide-load-seconds"))

        problems = watch.collect()
        assert not problems, "\n".join(problems)
    finally:
        driver.quit()
        timings["browser scenario"] = time.monotonic() - started
        print("browser timings (s):", {name: round(value, 2) for name, value in timings.items()})
