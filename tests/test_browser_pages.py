"""Every page of the portal (the admin aside), in a real browser, on a desktop and on a phone.

Against the demo portal of tests/portal_server.py, headless Chromium walks the pages as a
visitor, as a demo pupil and as the demo teacher, at 1366×900 in the light theme and at
390×844 (a phone) in the dark one. On each page axe-core (tests/vendor/axe-core) must find no
serious or critical violation, and at the phone's width nothing may scroll sideways; the
phone's folded menu must open and reach « Se déconnecter ». Any console error, failed load or
CSP violation fails too. Screenshots of every page are written to $BROWSER_SCREENSHOTS
(default: a directory of pytest's tmp dir, printed at the end).

A second test follows a brand-new pupil from sign-up to a new password: joins the demo class
with its code, answers a chapter's QCM, sees the XP, logs out, and resets the password through
the e-mail that the portal's file backend wrote (portal["mails"]).
"""

from __future__ import annotations

import base64
import email
import email.policy
import os
import re
import secrets
import time
from collections import Counter
from pathlib import Path

import pytest

from .browser import ConsoleWatch, chromium
from .portal_server import PUPIL, TEACHER

pytestmark = pytest.mark.xdist_group("portal")

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
# axe's results, reduced to what a failure message needs.
RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ["violations"]}).then(
  (results) => done(results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(
      (n) => n.target.join(" ") + " " + (n.failureSummary || "").replace(/\\s+/g, " ").slice(0, 200)),
  }))),
  (error) => done([{id: "axe-error", impact: "critical", help: String(error), nodes: []}]),
);
"""
BLOCKING = {"serious", "critical"}
# (name, width, height, phone, colour scheme)
SCREENS = [("bureau", 1366, 900, False, "light"), ("telephone", 390, 844, True, "dark")]


def pages_of(urls: dict) -> dict[str, list[tuple[str, str]]]:
    """The pages each kind of visitor walks through: (name for the screenshot, path)."""
    return {
        "visiteur": [
            ("accueil", "/"),
            ("connexion", "/accounts/login/"),
            ("inscription", "/accounts/signup/"),
            ("mot-de-passe-oublie", "/accounts/password_reset/"),
        ],
        "eleve": [
            ("accueil", "/"),
            ("cours", "/courses/"),
            ("cours-detail", urls["course"]),
            ("chapitre", urls["chapter"]),
            ("exercice-qcm", urls["qcm"]),
            ("exercice-python", urls["somme"]),
            ("exercice-sql", urls["sql"]),
            ("exercice-parsons", urls["parsons"]),
            ("badges", "/badges/"),
            ("classement", "/leaderboard/"),
            ("classement-classe", urls["class_leaderboard"]),
            ("profil", "/accounts/profile/"),
            ("mot-de-passe", "/accounts/password_change/"),
            ("ma-classe", "/classes/"),
            ("page-introuvable", "/cette-page-n-existe-pas/"),
            ("classe-du-professeur", urls["classroom"]),  # not theirs: 404, as if it did not exist
        ],
        "professeur": [
            ("accueil", "/"),
            ("mes-classes", "/classes/"),
            ("classe", urls["classroom"]),
            ("eleve-detail", urls["student"]),
            ("travail-donne", urls["assignments"]),
            ("classement-classe", urls["class_leaderboard"]),
            ("profil", "/accounts/profile/"),
        ],
    }


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory) -> Path:
    directory = os.environ.get("BROWSER_SCREENSHOTS")
    path = Path(directory) if directory else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


class Walk:
    """One browser at one screen size, and what it found wrong."""

    def __init__(self, base: str, screen: tuple, screenshots: Path):
        from selenium.common.exceptions import StaleElementReferenceException
        from selenium.webdriver.support.ui import WebDriverWait

        self.base, (self.screen, width, height, self.phone, scheme) = base, screen
        self.driver = chromium(width, height, mobile=self.phone)
        features = [{"name": "prefers-color-scheme", "value": scheme}]
        self.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": features})
        # A condition may read an element of the page a click is leaving: read again, not fail.
        wait = WebDriverWait(self.driver, 30, ignored_exceptions=(StaleElementReferenceException,))
        self.watch, self.wait = ConsoleWatch(self.driver), wait
        self.screenshots, self.problems, self.minor = screenshots, [], Counter()
        self.pages = 0

    def find(self, selector: str):
        from selenium.webdriver.common.by import By

        return self.driver.find_element(By.CSS_SELECTOR, selector)

    def visit(self, who: str, name: str, path: str) -> None:
        self.driver.get(self.base + path)
        # An error page's own status is what the test asked for, not a failed load.
        self.check(f"{who}/{name}", expected=f"{self.base}{path} - Failed to load resource: the server responded")

    def check(self, where: str, expected: str = "") -> None:
        """axe, the page's width, the console; and a screenshot."""
        where = f"{self.screen} {where}"
        self.pages += 1
        self.wait.until(lambda d: d.execute_script("return document.readyState") == "complete")
        self.driver.execute_script(AXE.read_text())
        for violation in self.driver.execute_async_script(RUN_AXE):
            if violation["impact"] in BLOCKING:
                found = f"{violation['impact']} {violation['id']} ({violation['help']}) {violation['nodes']}"
                self.problems.append(f"{where}: axe {found}")
            else:
                self.minor[f"{violation['impact']} {violation['id']}"] += 1
        if self.phone:
            widths = self.driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
            if widths[0] > widths[1]:
                self.problems.append(f"{where}: {widths[0]} px de large pour {widths[1]} px d'écran")
        console = self.watch.collect()
        self.problems += [f"{where}: {problem}" for problem in console if not expected or expected not in problem]
        self.watch.problems.clear()
        self.screenshot(where.replace(" ", "-").replace("/", "-"))

    def screenshot(self, name: str) -> None:
        """The whole page (up to 3 screens high), as the visitor scrolls through it."""
        metrics = self.driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
        viewport, height = metrics["cssLayoutViewport"], metrics["cssContentSize"]["height"]
        high = min(height, viewport["clientHeight"] * 3)
        clip = {"x": 0, "y": 0, "width": viewport["clientWidth"], "height": high, "scale": 1}
        options = {"format": "png", "clip": clip, "captureBeyondViewport": True}
        shot = self.driver.execute_cdp_cmd("Page.captureScreenshot", options)
        (self.screenshots / f"{name}.png").write_bytes(base64.b64decode(shot["data"]))

    def log_in(self, username: str, password: str) -> None:
        self.driver.get(self.base + "/accounts/login/")
        self.find("input[name=username]").send_keys(username)
        self.find("input[name=password]").send_keys(password)
        self.find("main form button[type=submit]").click()
        self.wait.until(lambda d: "/accounts/login/" not in d.current_url)

    def log_out(self, who: str) -> None:
        """Through the header: on a phone, the folded menu first."""
        self.driver.get(self.base + "/")
        logout = self.find(".site-nav button[type=submit]")
        assert logout.get_attribute("textContent").strip() == "Se déconnecter"
        if self.phone:
            assert not logout.is_displayed(), f"{who}: « Se déconnecter » visible avant d'ouvrir le menu"
            self.find(".menu-button").click()
            self.wait.until(lambda _: logout.is_displayed())
            self.check(f"{who}/menu-ouvert")
        logout.click()
        self.wait.until(lambda _: "Se connecter" in self.find(".site-nav").get_attribute("textContent"))

    def skip_link(self) -> None:
        """The first Tab shows « Aller au contenu », with a visible focus ring; Enter goes to <main>."""
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.keys import Keys

        self.driver.get(self.base + "/")
        ActionChains(self.driver).send_keys(Keys.TAB).perform()
        link = self.driver.switch_to.active_element
        assert link.text == "Aller au contenu" and link.is_displayed() and link.rect["y"] >= 0, link.rect
        assert link.value_of_css_property("outline-style") == "solid"
        link.send_keys(Keys.ENTER)
        assert self.driver.switch_to.active_element.get_attribute("id") == "contenu"

    def print_chapter(self, path: str) -> None:
        """Printed, a chapter is its content only: no header, menu, buttons or footer."""
        self.driver.get(self.base + path)
        self.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        try:
            around = (".site-header", ".site-footer", ".pager", ".breadcrumb")
            printed = [selector for selector in around if self.find(selector).is_displayed()]
            assert not printed, f"imprimés : {printed}"
            assert self.find("article.content").is_displayed() and self.find("main h1").is_displayed()
        finally:
            features = [{"name": "prefers-color-scheme", "value": "light"}]
            self.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "", "features": features})

    def quit(self) -> None:
        self.driver.quit()


def test_every_page_passes_axe_and_fits_a_phone(portal, screenshots):
    started = time.monotonic()
    base = f"http://localhost:{portal['port']}"
    pages = pages_of(portal["urls"])
    problems, minor, visited = [], Counter(), 0
    for screen in SCREENS:
        walk = Walk(base, screen, screenshots)
        try:
            for who, path_name in (("visiteur", None), ("eleve", PUPIL), ("professeur", TEACHER)):
                if path_name:
                    walk.log_in(path_name, portal["passwords"][path_name])
                for name, path in pages[who]:
                    walk.visit(who, name, path)
                if who == "visiteur":
                    walk.skip_link()
                if who == "eleve" and not walk.phone:
                    walk.print_chapter(portal["urls"]["chapter"])
                if path_name:
                    walk.log_out(who)
            # A form with errors: the summary at the top, the message next to the field.
            walk.driver.get(base + "/accounts/signup/")
            walk.find("input[name=username]").send_keys("essai")
            walk.find("input[name=password1]").send_keys("court")
            walk.find("input[name=password2]").send_keys("autre")
            walk.find("main form button[type=submit]").click()
            walk.wait.until(lambda driver: driver.find_elements("css selector", ".error-summary"))
            assert walk.find(".field-invalid .field-errors").is_displayed()
            walk.check("visiteur/inscription-erreurs")
            # The 403 page's layout: a form whose CSRF cookie is gone (« Formulaire expiré »).
            walk.driver.get(base + "/accounts/login/")
            walk.driver.delete_cookie("csrftoken")
            walk.find("input[name=username]").send_keys(PUPIL)
            walk.find("input[name=password]").send_keys("faux")
            walk.find("main form button[type=submit]").click()
            walk.wait.until(lambda driver: "Formulaire expiré" in driver.find_element("css selector", "h1").text)
            walk.check("visiteur/formulaire-expire", expected=f"{base}/accounts/login/ - Failed to load resource")
        finally:
            walk.quit()
        problems += walk.problems
        minor += walk.minor
        visited += walk.pages
    print(f"\n{visited} pages vues en {time.monotonic() - started:.0f} s ; captures : {screenshots}")
    print("axe, violations mineures ou modérées :", dict(minor) or "aucune")
    assert not problems, "\n".join(problems)


def reset_link(mails: Path, address: str) -> str:
    """The link of the last password-reset e-mail written for ``address`` by the file backend."""
    messages = []
    for path in sorted(mails.glob("*"), key=lambda p: p.stat().st_mtime):
        # The file backend separates messages by a line of 79 dashes.
        for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            message = email.message_from_bytes(raw, policy=email.policy.default)
            if address in str(message.get("To", "")):
                messages.append(message)
    assert messages, f"aucun e-mail pour {address} dans {mails}: {[p.name for p in mails.glob('*')]}"
    body = messages[-1].get_body(("plain",)).get_content()
    links = re.findall(r"https?://\S+/reset/\S+/", body)
    assert len(links) == 1, body
    return links[0]


def test_a_new_pupils_journey_from_sign_up_to_a_new_password(portal, screenshots):
    """A brand-new visitor: signs up, joins the demo class, reads a chapter, answers its QCM,
    sees the XP, logs out, then chooses a new password through the e-mailed link."""
    from selenium.webdriver.common.by import By

    started = time.monotonic()
    base = f"http://localhost:{portal['port']}"
    urls, data = portal["urls"], portal["data"]
    suffix = secrets.token_hex(4)
    username, address = f"nouveau.{suffix}", f"nouveau.{suffix}@example.org"
    password, new_password = f"Tortue-{secrets.token_hex(6)}", f"Phare-{secrets.token_hex(6)}"
    walk = Walk(base, SCREENS[0], screenshots)
    find, wait, driver = walk.find, walk.wait, walk.driver

    def text() -> str:
        return find("main").text

    try:
        # Sign-up: the account is created and its owner logged in, on the list of courses.
        driver.get(base + "/accounts/signup/")
        for name, value in (
            ("username", username),
            ("pseudo", f"Comète {suffix}"),
            ("first_name", "Camille"),
            ("email", address),
            ("password1", password),
            ("password2", password),
        ):
            find(f"input[name={name}]").send_keys(value)
        find("main form button[type=submit]").click()
        wait.until(lambda d: "/accounts/signup/" not in d.current_url)
        assert "Bienvenue ! Votre compte est créé." in driver.find_element(By.TAG_NAME, "body").text
        assert "Se déconnecter" in find(".site-nav").get_attribute("textContent")

        # The class, with the code its teacher gave.
        driver.get(base + "/classes/")
        assert "Vous n'avez rejoint aucune classe." in text()
        find("input[name=code]").send_keys(data["join_code"])
        find("main form button[type=submit]").click()
        wait.until(lambda _: "Vous avez rejoint la classe" in driver.find_element(By.TAG_NAME, "body").text)
        assert "Vous n'avez rejoint aucune classe." not in text()

        # A chapter, reached from the courses, and its QCM.
        driver.get(base + "/courses/")
        find(f'main a[href$="{urls["course"]}"]').click()
        wait.until(lambda d: d.current_url.endswith(urls["course"]))
        find(f'main a[href$="{urls["chapter"]}"]').click()
        wait.until(lambda d: d.current_url.endswith(urls["chapter"]))
        assert find("article.content").text.strip()
        find(f'main a[href$="{urls["qcm"]}"]').click()
        wait.until(lambda d: d.current_url.endswith(urls["qcm"]))
        after = find("[data-after-answer]")
        assert not after.is_displayed()  # the explanation only once answered
        find(f'input[name=answer][value="{data["qcm_choice"]}"]').click()
        find("main form button[type=submit]").click()
        wait.until(lambda _: "Bonne réponse" in driver.find_element(By.TAG_NAME, "body").text)
        gained = re.search(r"Bonne réponse ! \+(\d+) XP", driver.find_element(By.TAG_NAME, "body").text)
        assert gained and int(gained.group(1)) > 0, driver.find_element(By.TAG_NAME, "body").text
        after = find("[data-after-answer]")
        if data["qcm_remarks"] == "1":
            assert after.is_displayed() and "Explication" in after.text, after.text
        for link in after.find_elements(By.CSS_SELECTOR, ".next-step a"):
            assert link.is_displayed() and link.get_attribute("href").startswith(base)

        # The XP on the profile: at least what the QCM gave (a first badge may add its own).
        driver.get(base + "/accounts/profile/")
        xp = int(re.sub(r"\D", "", find(".stats strong").text) or 0)
        assert xp >= int(gained.group(1)), find(".stats").text

        walk.log_out("nouvel-eleve")
        assert "Vous êtes déconnecté" in driver.find_element(By.TAG_NAME, "body").text

        # The forgotten password: the link from the login page, the e-mail, a new password.
        driver.get(base + "/accounts/login/")
        driver.find_element(By.LINK_TEXT, "Mot de passe oublié ?").click()
        wait.until(lambda d: d.current_url.endswith("/accounts/password_reset/"))
        find("input[name=email]").send_keys(address)
        find("main form button[type=submit]").click()
        wait.until(lambda _: find("h1").text == "Vérifiez votre messagerie")
        link = reset_link(portal["mails"], address)
        assert link.startswith(f"{base}/accounts/reset/"), link
        driver.get(link)
        wait.until(lambda _: find("h1").text == "Nouveau mot de passe")
        find("input[name=new_password1]").send_keys(new_password)
        find("input[name=new_password2]").send_keys(new_password)
        find("main form button[type=submit]").click()
        wait.until(lambda _: find("h1").text == "Mot de passe changé")
        # The link served once.
        driver.get(link)
        wait.until(lambda _: "n'est plus valable" in text())

        walk.log_in(username, new_password)
        assert "Se déconnecter" in find(".site-nav").get_attribute("textContent")

        problems = walk.watch.collect()
        assert not problems, "\n".join(problems)
    finally:
        walk.quit()
        print(f"\nparcours d'un nouvel élève : {time.monotonic() - started:.1f} s")
