"""GET /healthz: 200 when the database answers, 503 with the reason when it does not."""

from django.db import OperationalError


def test_it_says_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "safety_model": "ok"}


def test_it_says_503_with_the_reason_when_the_database_is_unreachable(client, db, monkeypatch):
    from django.db import connection

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(connection, "cursor", refuse)
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert "connection refused" in body["database"]


def test_it_is_never_cached(client, db):
    assert "no-cache" in client.get("/healthz")["Cache-Control"]


def test_it_says_the_safety_model_is_degraded_but_stays_200_when_it_cannot_load(
    client, db, monkeypatch
):
    from attune.core import textscreen

    phrases_only = (textscreen.PhraseLayer(textscreen.phrases()),)
    monkeypatch.setattr(textscreen, "default_layers", lambda: phrases_only)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "safety_model": "degraded"}
