"""The quick exit, after GOV.UK's "Exit this page": click, Esc, Shift x3; Back does not return."""

import pytest


def test_clicking_quick_exit_leaves_for_the_neutral_site(page, site, neutral_site):
    page.goto(site + "/learn/")
    page.click("#quick-exit")
    page.wait_for_url(neutral_site)
    assert page.title() == "Weather"


def test_back_after_quick_exit_does_not_return_to_the_page(page, site, neutral_site):
    page.goto(site + "/learn/signs/lonely/")
    page.click("#quick-exit")
    page.wait_for_url(neutral_site)
    page.go_back()
    page.wait_for_timeout(300)
    assert not page.url.startswith(site + "/learn/signs/lonely/")


def test_back_to_an_earlier_page_of_the_visit_leaves_again(page, site, neutral_site):
    page.goto(site + "/")
    page.goto(site + "/learn/")
    page.click("#quick-exit")
    page.wait_for_url(neutral_site)
    page.go_back()
    page.wait_for_url(neutral_site)
    assert page.title() == "Weather"


def test_escape_leaves_at_once(page, site, neutral_site):
    page.goto(site + "/help/")
    page.keyboard.press("Escape")
    page.wait_for_url(neutral_site)


def test_shift_three_times_leaves(page, site, neutral_site):
    page.goto(site + "/learn/")
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(neutral_site)


def test_typing_capitals_does_not_leave(page, site):
    page.goto(site + "/help/")
    page.focus("#country")
    page.keyboard.press("Shift+A")
    page.keyboard.press("Shift+B")
    page.keyboard.press("Shift+C")
    page.wait_for_timeout(300)
    assert page.url.startswith(site)


def test_without_javascript_it_is_a_plain_link_to_the_neutral_site(browser, site, neutral_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/")
    page.click("#quick-exit")
    page.wait_for_url(neutral_site)
    context.close()


@pytest.mark.parametrize("path", ["/", "/learn/", "/help/quick-exit/"])
def test_the_button_is_visible_and_big_enough_on_a_phone(page, site, path):
    page.goto(site + path)
    box = page.locator("#quick-exit").bounding_box()
    assert box and box["height"] >= 44 and box["width"] >= 44
    assert box["y"] < 120
