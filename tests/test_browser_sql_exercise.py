"""A pupil runs and validates the demo's SQL exercise in a real browser, without leaving the page.

Against the demo portal of tests/portal_server.py: sql_editor.js sends « Exécuter » and
« Valider » with fetch (validation.js, shared with the Python editor). The result table, then a
wrong query's verdict, show in the page; then, while the same pupil's other tabs keep a
validation pending (the server answers 429 with Retry-After), « Valider » says it tries again,
does so by itself, and shows the success and the solution. Any console error, failed load or
CSP violation fails.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from .browser import ConsoleWatch, chromium, log_in, other_tabs_validating, press_until_busy
from .portal_server import PUPIL

pytestmark = pytest.mark.xdist_group("portal")

# The pupil's own answer to « Moyennes de la TG1 » (not the teacher's text: the results are compared).
RIGHT_QUERY = (
    "SELECT eleve.prenom, AVG(note.valeur)\nFROM eleve JOIN note ON note.eleve_id = eleve.id\n"
    "WHERE eleve.classe = 'TG1'\nGROUP BY eleve.id\nORDER BY AVG(note.valeur) DESC;"
)
DONE = ("passed", "failed", "error")


def test_sql_queries_run_and_validate_in_the_page_and_a_busy_server_is_tried_again(portal):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    base = f"http://localhost:{portal['port']}"
    driver = chromium(1024, 800)
    # Chromium logs the 429s itself as failed loads: the one console error expected here.
    watch = ConsoleWatch(driver, ignored=("status of 429",))
    wait = WebDriverWait(driver, 60)

    def find(selector: str):
        return driver.find_element(By.CSS_SELECTOR, selector)

    def type_query(query: str) -> None:
        find(".cm-content").click()
        find(".cm-content").send_keys(Keys.CONTROL, "a")
        find(".cm-content").send_keys(Keys.DELETE)
        driver.execute_cdp_cmd("Input.insertText", {"text": query})

    def validate() -> str:
        find("[data-sql-editor] button[type=submit]:not([formaction])").click()
        wait.until(lambda _: find("[data-submit-results]").get_attribute("data-state") in DONE)
        return find("[data-submit-results]").get_attribute("data-state")

    def same_page() -> bool:
        return driver.execute_script("return window.stillThisPage === true")

    try:
        log_in(driver, wait, base, PUPIL, portal["password"])
        driver.get(base + portal["urls"]["sql"])
        wait.until(lambda _: find("[data-sql-editor] .cm-content"))
        # Gone if anything reloads the page.
        driver.execute_script("window.stillThisPage = true")

        # « Exécuter »: the table of the query's rows, in the page.
        type_query("SELECT prenom, classe FROM eleve WHERE classe = 'TG2';")
        find("[data-sql-editor] button[formaction]").click()
        wait.until(lambda _: find("[data-run-results]").get_attribute("data-state") in ("done", "error"))
        table = find("[data-run-results]")
        assert table.get_attribute("data-state") == "done", table.text
        assert "Grace" in table.text and "Linus" in table.text and "Ada" not in table.text
        assert len(table.find_elements(By.CSS_SELECTOR, "tbody tr")) == 2

        # A wrong query's verdict, in the page, said in the live region.
        type_query("SELECT prenom FROM eleve;")
        assert validate() == "failed", find("[data-submit-results]").text
        assert "colonne" in find("[data-submit-results]").text
        assert find("[data-submit-results]").get_attribute("aria-live") == "polite"
        assert same_page()

        # The same pupil's other tabs keep validating a Python loop that runs out of its CPU budget
        # (one pending validation per pupil, whatever the exercise): meanwhile the server answers 429.
        type_query(RIGHT_QUERY)
        token = find("[data-sql-editor] input[name=csrfmiddlewaretoken]").get_property("value")
        python_action = urlsplit(base + portal["exercise"]).path + "submit/"
        with other_tabs_validating(driver, portal["port"], python_action, token) as statuses:
            wait.until(lambda _: 200 in statuses or 429 in statuses)  # the other tabs are validating
            busy = press_until_busy(find, wait, "[data-sql-editor] button[type=submit]:not([formaction])", DONE)
        assert busy, find("[data-submit-results]").text
        # The other tabs stopped: the editor's next try gets its verdict.
        wait.until(lambda _: find("[data-submit-results]").get_attribute("data-state") in DONE)
        assert set(statuses) <= {200, 429} and 200 in statuses, statuses

        verdict = find("[data-submit-results]")
        assert verdict.get_attribute("data-state") == "passed", verdict.text
        assert "donne le résultat attendu" in verdict.text
        solution = find("[data-solution]")
        assert solution.is_displayed() and "Requête proposée" in solution.text and "GROUP BY" in solution.text
        assert same_page() and urlsplit(driver.current_url).path == portal["urls"]["sql"]
        problems = watch.collect()
        assert not problems, "\n".join(problems)
    finally:
        driver.quit()
