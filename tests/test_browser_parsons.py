"""A pupil reorders the demo's Parsons exercise in a real browser, with the keyboard.

Against the demo portal of tests/portal_server.py: parsons.js turns the numbered-lines form
into a list with « Monter », « Descendre » and « Écarter » buttons. A line moved up with the
keyboard, then every line set aside, is refused by the server (« Numérotez au moins une
ligne ») without recording anything; the page comes back with every line still set aside
(lines without a number have no order the server could keep: they come in the page's order).
Any console error, failed load or CSP violation fails.
"""

from __future__ import annotations

import pytest

from .browser import ConsoleWatch, chromium, log_in
from .portal_server import PUPIL

pytestmark = pytest.mark.xdist_group("portal")


def test_a_refused_list_comes_back_in_the_pupils_order(portal):
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    base = f"http://localhost:{portal['port']}"
    driver = chromium(1024, 800)
    # Chromium logs the refused form's 400 itself as a failed load: the one console error expected.
    watch = ConsoleWatch(driver, ignored=("status of 400",))
    # A condition may read an element of the page the submit is leaving: read again, not fail.
    wait = WebDriverWait(driver, 30, ignored_exceptions=(StaleElementReferenceException,))

    def find(selector: str):
        return driver.find_element(By.CSS_SELECTOR, selector)

    def lines() -> list:
        return driver.find_elements(By.CSS_SELECTOR, "[data-parsons-list] .parsons-line")

    def order() -> list[str]:
        return [line.get_attribute("data-line") for line in lines()]

    def enhanced() -> None:
        wait.until(lambda _: "enhanced" in find(".parsons").get_attribute("class"))

    try:
        log_in(driver, wait, base, PUPIL, portal["password"])
        driver.get(base + portal["urls"]["parsons"])
        enhanced()
        shuffled = order()

        # The last line moved to the top with the keyboard: focus on « Monter », Enter each time.
        last = lines()[-1]
        up = last.find_element(By.XPATH, ".//button[starts-with(@aria-label, 'Monter')]")
        for _ in range(len(shuffled) - 1):
            up.send_keys(Keys.ENTER)
        moved = [shuffled[-1], *shuffled[:-1]]
        assert order() == moved
        assert "en position 1" in find("[data-parsons-status]").get_attribute("textContent")

        for line in lines():
            line.find_element(By.XPATH, ".//button[starts-with(@aria-label, 'Écarter')]").click()
        find("[data-parsons] button[type=submit]").click()
        wait.until(lambda _: "Numérotez au moins une ligne" in find("main").text)
        enhanced()

        # Every line still set aside (parsons.js reads data-set-aside), in the page's order.
        assert order() == shuffled
        for line in lines():
            assert "set-aside" in line.get_attribute("class")
            aside = line.find_element(By.XPATH, ".//button[starts-with(@aria-label, 'Écarter')]")
            assert (aside.text, aside.get_attribute("aria-pressed")) == ("Reprendre", "true")
        assert "{#" not in find("main").text and "{%" not in find("main").text

        problems = watch.collect()
        assert not problems, "\n".join(problems)
    finally:
        driver.quit()
