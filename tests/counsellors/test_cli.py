"""`attune counsellor`: an operator makes, lists and stops counsellors; mistakes are named."""

from attune.cli.main import main
from attune.counsellors import services
from attune.counsellors.models import Counsellor


def test_add_list_and_remove(owner, member, capsys):
    assert main(["counsellor", "add", "OWNER@example.org", "--practice", "Riverside"]) == 0
    assert Counsellor.objects.get(user=owner).practice == "Riverside"
    assert main(["counsellor", "list"]) == 0
    assert "owner@example.org\tRiverside\t0 open spaces" in capsys.readouterr().out

    space = services.open_space(Counsellor.objects.get(user=owner), "Sam")
    place = services.join(member, space)
    assert main(["counsellor", "remove", "owner@example.org"]) == 0
    assert not Counsellor.objects.filter(user=owner).exists()
    assert not services.spaces_of(member)
    assert not type(place).objects.filter(pk=place.pk, left_at__isnull=True).exists()


def test_an_unknown_email_or_an_empty_practice_exits_2_naming_the_field(owner, capsys):
    assert main(["counsellor", "add", "nobody@example.org", "--practice", "X"]) == 2
    assert "email: no account" in capsys.readouterr().err
    assert main(["counsellor", "add", "owner@example.org", "--practice", "  "]) == 2
    assert "--practice" in capsys.readouterr().err
    assert not Counsellor.objects.exists()
