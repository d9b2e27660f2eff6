"""Headless Chromium from the system's packages, driven by Selenium, for the browser tests.

Debian's ``chromium`` and ``chromium-driver`` (.ci/run installs them): the driver's path is
given, so Selenium Manager never downloads a browser or a driver. The browser reaches
localhost only: a request to any other host (a CDN) fails, and shows in the console.

``ConsoleWatch`` collects what a page would show a developer: console errors, failed loads,
and every Content-Security-Policy violation (from the page or its workers); a test asserts
it is empty at the end. ``other_tabs_validating`` and ``press_until_busy`` make a server answer
« occupé » to an editor, for the tests of its retries.
"""

from __future__ import annotations

import http.client
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlencode

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER_PATH", "/usr/bin/chromedriver")
# Records the page's CSP violations where a test can read them (window.cspViolations),
# installed before any of the page's own scripts run.
RECORD_CSP_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = event.target instanceof Element ? event.target.outerHTML.slice(0, 160) : event.sourceFile;
  window.cspViolations.push(`${event.effectiveDirective} ${event.blockedURI} (${where}:${event.lineNumber})`);
});
"""


def need_chromium() -> None:
    """Chromium and its driver, or a failure in CI and a skip on a laptop."""
    missing = [path for path in (CHROMIUM, CHROMEDRIVER) if not shutil.which(path)]
    if missing:
        message = f"Introuvable : {', '.join(missing)} (apt-get install chromium chromium-driver)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def chromium(width: int = 1366, height: int = 900, mobile: bool = False):
    """A headless Chromium whose viewport is width × height CSS pixels."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",  # CI containers run as root
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-component-update",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",
        f"--window-size={max(width, 500)},{height}",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    # Headless windows have a minimum width: the viewport is set exactly instead.
    metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_CSP_VIOLATIONS})
    return driver


class ConsoleWatch:
    """What went wrong in the browser: console errors, and CSP violations of the pages visited."""

    def __init__(self, driver, ignored: tuple[str, ...] = ()):
        self.driver, self.ignored, self.problems = driver, ignored, []

    def collect(self) -> list[str]:
        """Read the console since the last call, and the current page's CSP violations."""
        for entry in self.driver.get_log("browser"):
            message = entry["message"]
            if any(part in message for part in self.ignored):
                continue
            if entry["level"] == "SEVERE" or "Content Security Policy" in message:
                self.problems.append(f"{entry['level']} {entry.get('source', '')}: {message}")
        violations = self.driver.execute_script("return window.cspViolations || []")
        self.problems += [f"CSP: {v}" for v in violations if f"CSP: {v}" not in self.problems]
        return self.problems


def log_in(driver, wait, base: str, username: str, password: str) -> None:
    """Through the login page, as a visitor would; returns once the browser has left it."""
    from selenium.webdriver.common.by import By

    driver.get(base + "/accounts/login/")
    driver.find_element(By.CSS_SELECTOR, "input[name=username]").send_keys(username)
    driver.find_element(By.CSS_SELECTOR, "input[name=password]").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit], form input[type=submit]").click()
    wait.until(lambda _: "/accounts/login/" not in driver.current_url)


# What the pupil's other tabs validate: a loop that runs until its CPU budget is spent.
ENDLESS = "while True:\n    pass\n"
BUSY_TEXT = "nouvel essai dans 2 s"


@contextmanager
def other_tabs_validating(driver, port: int, submit_path: str, token: str, tabs: int = 2) -> Iterator[list[int]]:
    """The pupil's other tabs validating an endless loop again and again (one pending validation
    per pupil, whatever the exercise): meanwhile the server answers 429 to this tab's editor.
    Yields the statuses the tabs got; they stop at the end of the block."""
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    headers = {"Host": f"localhost:{port}", "Cookie": cookies, "X-CSRFToken": token}
    headers.update({"Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded"})
    body = urlencode({"code": ENDLESS})
    stop, statuses = threading.Event(), []

    def other_tab() -> None:
        while not stop.is_set():
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("POST", submit_path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            statuses.append(response.status)
            connection.close()

    threads = [threading.Thread(target=other_tab) for _ in range(tabs)]
    for thread in threads:
        thread.start()
    try:
        yield statuses
    finally:
        stop.set()
        for thread in threads:
            thread.join(30)


def press_until_busy(find, wait, button: str, done_states) -> bool:
    """Press the editor's « Valider » until it says it will try again by itself; False if it never
    did in three presses (its validation may slip in between two of the other tabs')."""
    results = "[data-submit-results]"
    for _ in range(3):
        find(button).click()
        wait.until(lambda _: BUSY_TEXT in find(results).text or find(results).get_attribute("data-state") in done_states)
        if BUSY_TEXT in find(results).text:
            return True
    return False
