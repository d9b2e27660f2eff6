"""A pupil solves the demo's `somme` in a real browser, against a baked project served by gunicorn.

The project is built and started as on Railway (build command with collectstatic and the
sandbox's compilation, migrate, the web start command), on PostgreSQL and a Redis of its own,
with the demo content. Headless Chromium (tests/browser.py) logs in as a demo pupil, opens
the exercise page at a phone's width, runs "Exécuter" (Pyodide, from the project's own static
files, in a Web Worker), stops a runaway loop, then "Valider" (the server's sandbox) wins the
XP and shows the solution; then an exercise with hints (« Écrire factorielle »): a hint revealed,
"Exécuter", "Valider", the hint's cost taken off the XP. Any console error, failed load or CSP
violation fails the test.

Served over plain http on localhost (SECURE_SSL_REDIRECT off): Chromium treats localhost as
secure, so the Secure cookies of the production settings work.
"""

from __future__ import annotations

import http.client
import re
import time

import pytest

from .browser import ConsoleWatch, chromium, log_in, other_tabs_validating, press_until_busy
from .portal_server import PUPIL

# The portal fixture (tests/portal_server.py, via conftest.py) is the session's: one build for both
# browser modules, in one xdist worker under --dist loadgroup.
pytestmark = pytest.mark.xdist_group("portal")

# The solution a pupil types (not the teacher's: the server checks the pupil's own code).
PUPIL_CODE = (
    "def somme(nombres):\n    resultat = 0\n    for n in nombres:\n        resultat += n\n    return resultat\n"
)
# The demo's Python exercise with hints (« Écrire factorielle », 30 XP, first hint 5 XP).
FACTORIELLE_CODE = "def factorielle(n):\n    if n == 0:\n        return 1\n    return n * factorielle(n - 1)\n"


def static_file(port: int, path: str, encoding: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    connection.request("GET", path, headers={"Host": "localhost", "Accept-Encoding": encoding})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


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
    watch = ConsoleWatch(driver)
    wait = WebDriverWait(driver, 120)
    timings = portal["timings"]

    def find(selector: str):
        return driver.find_element(By.CSS_SELECTOR, selector)

    def state(selector: str, *states: str) -> str:
        wait.until(lambda _: find(selector).get_attribute("data-state") in states)
        return find(selector).get_attribute("data-state")

    def open_exercise(path: str = portal["exercise"]) -> None:
        watch.collect()
        driver.get(base + path)
        # The editor mounts once its module has loaded, after the buttons show.
        wait.until(lambda _: find("[data-run]").is_displayed() and find(".cm-content"))
        # No template text in the page (a Django {# comment #} left open over two lines shows).
        assert "{#" not in find("main").text and "{%" not in find("main").text

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
        log_in(driver, wait, base, PUPIL, portal["password"])

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

        # An exercise with hints: its hint form above the editor, one hint revealed (page again, at
        # #indices), then "Exécuter" and "Valider" as above; the hint's cost comes off the XP.
        open_exercise(portal["urls"]["hinted_python"])
        find("#indices form button[type=submit]").click()
        wait.until(lambda _: "#indices" in driver.current_url and find("[data-run]").is_displayed())
        assert "cas de base" in find("#indices").text
        type_code(FACTORIELLE_CODE)
        assert run_code()[0] == "passed", find("[data-run-results]").text
        find("[data-python-editor] button[type=submit]").click()
        verdict = state("[data-submit-results]", "passed", "failed", "error"), find("[data-submit-results]").text
        assert verdict[0] == "passed" and "+25 XP" in verdict[1], verdict

        problems = watch.collect()
        assert not problems, "\n".join(problems)
    finally:
        driver.quit()
        timings["browser scenario"] = time.monotonic() - started
        print("browser timings (s):", {name: round(value, 2) for name, value in timings.items()})


def test_the_editor_tries_again_by_itself_after_a_busy_server(portal):
    """A 429 (the pupil's own validation still running, as with a class pressing "Valider"
    together): the editor says so, waits for Retry-After, sends again, and shows the verdict."""
    from urllib.parse import urlsplit

    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    base = f"http://localhost:{portal['port']}"
    driver = chromium(1024, 800)
    # Chromium logs the 429 itself as a failed load: the one console error expected here.
    watch = ConsoleWatch(driver, ignored=("status of 429",))
    wait = WebDriverWait(driver, 60)

    def find(selector: str):
        return driver.find_element(By.CSS_SELECTOR, selector)

    try:
        log_in(driver, wait, base, PUPIL, portal["password"])
        driver.get(base + portal["exercise"])
        wait.until(lambda _: find("[data-run]").is_displayed() and find(".cm-content"))
        find(".cm-content").click()
        find(".cm-content").send_keys(Keys.CONTROL, "a")
        find(".cm-content").send_keys(Keys.DELETE)
        driver.execute_cdp_cmd("Input.insertText", {"text": PUPIL_CODE})

        # The same pupil's other tabs keep validating a loop that runs out of its CPU budget (one
        # pending validation per pupil): meanwhile the server answers 429 to the editor's.
        form = find("[data-python-editor] form")
        token = form.find_element(By.NAME, "csrfmiddlewaretoken").get_property("value")
        action = urlsplit(form.get_attribute("action")).path
        done = ("passed", "failed", "error")
        with other_tabs_validating(driver, portal["port"], action, token) as statuses:
            wait.until(lambda _: 200 in statuses or 429 in statuses)  # the other tabs are validating
            busy = press_until_busy(find, wait, "[data-python-editor] button[type=submit]", done)
        assert busy, find("[data-submit-results]").text
        # The other tabs stopped: the editor's next try gets its verdict.
        wait.until(lambda _: find("[data-submit-results]").get_attribute("data-state") in done)

        assert find("[data-submit-results]").get_attribute("data-state") == "passed", find("[data-submit-results]").text
        assert set(statuses) <= {200, 429} and 200 in statuses, statuses
        assert find("[data-submit-results]").get_attribute("data-state") == "passed", find("[data-submit-results]").text
        problems = watch.collect()
        assert not problems, "\n".join(problems)
    finally:
        driver.quit()
