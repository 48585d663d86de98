"""Two of a person's own finished check-ups side by side, the older one on the left."""

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from attune.checkups.models import Checkup
from attune.core.concepts import concepts
from tests.checkups.helpers import CHECKUP, healthy_value, unhealthy_value

URL = reverse("checkups-compare")
MODEL = concepts()


def make(user, days_ago: int, *unhealthy: str, done: bool = True) -> Checkup:
    answers = {
        item.id: unhealthy_value(item) if item.construct in unhealthy else healthy_value(item)
        for item in CHECKUP.items
    }
    checkup = Checkup.objects.create(user=user, instrument_version=1, answers=answers)
    if done:
        checkup.finish()
        checkup.finished_at = timezone.now() - timedelta(days=days_ago)
        checkup.save()
    return checkup


def compare(client, a: Checkup | str, b: Checkup | str):
    codes = [c if isinstance(c, str) else c.code for c in (a, b)]
    return client.get(f"{URL}?a={codes[0]}&b={codes[1]}")


def page_of(client, a, b) -> str:
    response = compare(client, a, b)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def row(page: str, sign_id: str) -> str:
    link = reverse("library-sign", args=[sign_id])
    start = page.index(f'<th scope="row"><a href="{link}">')
    return page[start : page.index("</tr>", start)]


@pytest.mark.parametrize("order", ["older first", "newer first"])
def test_it_puts_the_older_check_up_on_the_left_whatever_the_order_asked(
    owner, owner_client, order
):
    older, newer = make(owner, 30, "lonely"), make(owner, 2)
    pair = (older, newer) if order == "older first" else (newer, older)
    page = page_of(owner_client, *pair)
    cells = re.findall(r'<td class="num">(\d+)</td>', row(page, "lonely"))
    assert cells == ["0", "100"]
    assert page.index(older.finished_at.strftime("%-d %B %Y")) < page.index(
        newer.finished_at.strftime("%-d %B %Y")
    )


def test_it_names_each_change_with_a_word_and_an_arrow_that_screen_readers_skip(
    owner, owner_client
):
    older, newer = make(owner, 30, "lonely"), make(owner, 2, "support")
    page = page_of(owner_client, older, newer)
    assert '<span class="change-arrow" aria-hidden="true">↑</span> up 100' in row(page, "lonely")
    assert '<span class="change-arrow" aria-hidden="true">↓</span> down 100' in row(page, "support")
    assert '<span class="change-arrow" aria-hidden="true">→</span> no change' in row(
        page, "misunderstood"
    )


def test_it_says_small_changes_can_be_everyday_ups_and_downs(owner, owner_client):
    page = page_of(owner_client, make(owner, 30), make(owner, 2))
    assert "Small changes can be everyday ups and downs" in page


def test_it_draws_two_bars_per_sign_without_any_inline_style(owner, owner_client):
    page = page_of(owner_client, make(owner, 30, "lonely"), make(owner, 2))
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert svg.count('class="chart-bar') == 2 * len(MODEL.signs)
    assert "style=" not in page and "<script>" not in page


@pytest.mark.parametrize("query", ["", "?a=", "?b=x"])
def test_a_missing_code_is_a_404(owner_client, query):
    assert owner_client.get(URL + query).status_code == 404


def test_someone_elses_code_is_a_404(owner, outsider, owner_client):
    mine, theirs = make(owner, 30), make(outsider, 2)
    assert compare(owner_client, mine, theirs).status_code == 404
    assert compare(owner_client, mine, "no-such-code").status_code == 404


def test_an_unfinished_check_up_cannot_be_compared(owner, owner_client):
    mine, open_one = make(owner, 30), make(owner, 0, done=False)
    assert compare(owner_client, mine, open_one).status_code == 404


def test_the_same_check_up_twice_sends_you_back_to_choose_again(owner, owner_client):
    mine = make(owner, 30)
    response = compare(owner_client, mine, mine)
    assert response.status_code == 302 and response.url == reverse("checkups-history")


def test_anonymous_is_sent_to_log_in(client, owner):
    response = compare(client, make(owner, 30), make(owner, 2))
    assert response.status_code == 302 and reverse("accounts-login") in response.url


def test_it_stays_within_ten_queries(owner, owner_client, django_assert_max_num_queries):
    older, newer = make(owner, 30, "lonely"), make(owner, 2)
    with django_assert_max_num_queries(10):
        page_of(owner_client, older, newer)
