"""Headless Chromium from the system's packages, driven by Selenium, for the browser tests.

Debian's ``chromium`` and ``chromium-driver`` (.ci/run installs them): the driver's path is
given, so Selenium Manager never downloads a browser or a driver. The browser reaches
localhost only: a request to any other host (a CDN) fails, and shows in the console.

``ConsoleWatch`` collects what a page would show a developer: console errors, failed loads,
and every Content-Security-Policy violation (from the page or its workers); a test asserts
it is empty at the end.
"""

from __future__ import annotations

import os
import shutil

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
