"""`attune newsletter preview`: the next issue's text, printed, with nothing sent or saved."""

import pytest

from attune.cli.main import main
from attune.newsletter.digest import build_digest
from attune.newsletter.models import Issue


def test_it_prints_the_text_part_without_sending_or_saving(db, smtp, fake_library, capsys):
    assert main(["newsletter", "preview", "--week", "2025-W20"]) == 0
    printed = capsys.readouterr().out
    digest = build_digest("2025-W20")
    assert printed.startswith("Subject: Your weekly note, no. 1\n\n")
    assert digest.tip.text in printed and digest.prompt.text in printed
    assert "/newsletter/unsubscribe/TOKEN/" in printed
    assert "<h2>" not in printed
    assert not Issue.objects.exists()
    assert smtp.messages == []


def test_it_prints_the_html_part_on_request(db, fake_library, capsys):
    assert main(["newsletter", "preview", "--week", "2025-W20", "--html"]) == 0
    assert "<h2>A tip for this week</h2>" in capsys.readouterr().out


def test_it_shows_an_issue_already_built_as_it_was_sent(db, fake_library, capsys):
    Issue.objects.create(number=7, week="2025-W20", subject="s", text="FROZEN WORDS", html="")
    main(["newsletter", "preview", "--week", "2025-W20"])
    printed = capsys.readouterr().out
    assert "Your weekly note, no. 7" in printed and "FROZEN WORDS" in printed


@pytest.mark.parametrize("week", ["2025-20", "2025-W54", "next week"])
def test_it_refuses_a_week_that_is_not_an_iso_week(db, week, capsys):
    assert main(["newsletter", "preview", "--week", week]) == 2
    captured = capsys.readouterr()
    assert "use an ISO week like 2025-W48" in captured.err
    assert captured.out == ""
