"""Steps a person takes in the browser, shared by the journeys."""

from __future__ import annotations

import re

from django.core import mail
from playwright.sync_api import Page

from attune.core.instruments import get_instrument
from tests.browser.conftest import axe_violations

CHECKUP = get_instrument("checkup")
PASSWORD = "a long and private passphrase"


class Journey:
    """Walks a page through Attune, checking accessibility on every new page it reaches."""

    def __init__(self, page: Page, site: str) -> None:
        self.page = page
        self.site = site
        self.violations: dict[str, list] = {}

    def check(self) -> None:
        found = axe_violations(self.page)
        if found:
            self.violations[self.page.url] = found

    def goto(self, path: str) -> None:
        self.page.goto(self.site + path)
        self.check()

    def click(self, name: str, role: str = "button") -> None:
        self.page.get_by_role(role, name=name).first.click()
        self.page.wait_for_load_state()
        self.check()

    def open_menu(self) -> None:
        """The header's links sit in a disclosure menu; open it if it is closed."""
        menu = self.page.get_by_role("navigation", name="Main").locator("details")
        if menu.get_attribute("open") is None:
            menu.locator("summary").click()

    def log_out(self) -> None:
        self.open_menu()
        self.click("Log out")

    def sign_up(self, email: str, name: str = "Robin", country: str = "GB") -> None:
        self.goto("/account/signup/")
        self.page.fill("input[name=email]", email)
        self.page.fill("input[name=password1]", PASSWORD)
        self.page.fill("input[name=password2]", PASSWORD)
        self.page.fill("input[name=display_name]", name)
        self.page.select_option("select[name=country]", country)
        self.click("Create account")
        self.confirm_sign_up(email)

    def confirm_sign_up(self, email: str, password: str = PASSWORD) -> None:
        """Follow the link e-mailed at sign-up and give the password again: the account opens."""
        assert "Check your e-mail" in self.page.content()
        sent = [m for m in mail.outbox if m.to == [email]]
        link = re.search(r"https?://[^/\s]+(/account/signup/confirm/\S+/)", sent[-1].body)[1]
        self.goto(link)
        self.page.fill("input[name=password]", password)
        self.click("Finish")

    def log_in(self, email: str, password: str = PASSWORD) -> None:
        self.goto("/account/login/")
        self.page.fill("input[name=username]", email)
        self.page.fill("input[name=password]", password)
        self.click("Log in")

    def answer_section(self, number: int, overrides: dict[str, int] | None = None) -> None:
        """Answer every item of a section: a middle answer, or as overridden."""
        assert f"Section {number} of" in self.page.content()
        for item in CHECKUP.sections[number - 1].items:
            value = (overrides or {}).get(item.id, item.values[len(item.values) // 2])
            if item.construct in ("crisis", "abuse_neglect") and item.id not in (overrides or {}):
                value = item.lowest
            self.page.check(f"input[name={item.id}][value='{value}']")
