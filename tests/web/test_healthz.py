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
    client, db, monkeypatch, tmp_path
):
    from attune.core.screen import model, screening

    monkeypatch.setenv("ATTUNE_SAFETY_MODEL_DIR", str(tmp_path))  # an empty folder: no weights
    screening.default_layers.cache_clear()
    model.shipped_model.cache_clear()
    try:
        response = client.get("/healthz")
        screened = screening.screen_text("I want to die.")
    finally:
        screening.default_layers.cache_clear()
        model.shipped_model.cache_clear()
    assert screened.tier == 2 and screened.layer == "phrase"
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "safety_model": "degraded"}


def test_it_answers_without_loading_the_model_into_the_process(client, db):
    from attune.core.screen import screening

    screening.default_layers.cache_clear()
    assert client.get("/healthz").json()["safety_model"] == "ok"
    assert screening.default_layers.cache_info().currsize == 0
