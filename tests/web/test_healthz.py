"""GET /healthz: 200 when the database answers, 503 with the reason when it does not."""

import pytest
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


@pytest.fixture
def model_copy(monkeypatch, tmp_path):
    """A copy of the shipped model folder to break, in place of the real one."""
    import shutil

    from attune.core.screen import model, screening
    from attune.core.screen.encoder import model_dir

    copy = tmp_path / "model"
    shutil.copytree(model_dir(), copy)
    monkeypatch.setenv("ATTUNE_SAFETY_MODEL_DIR", str(copy))
    screening.default_layers.cache_clear()
    model.shipped_model.cache_clear()
    yield copy
    screening.default_layers.cache_clear()
    model.shipped_model.cache_clear()


def cut_short(path):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


@pytest.mark.parametrize(
    ("name", "spoil"),
    [
        ("screen.onnx", cut_short),
        ("screen.json", cut_short),
        ("tokenizer.json", lambda path: path.write_text("{not json")),
        ("screen.json", lambda path: path.write_text('{"heads": {"crisis": ["none"]}}')),
    ],
)
def test_it_says_degraded_at_once_for_a_corrupt_model_and_logs_why(
    client, db, model_copy, caplog, name, spoil
):
    from attune.core.screen import screening

    spoil(model_copy / name)
    with caplog.at_level("ERROR", logger="attune.safety_model"):
        response = client.get("/healthz")
    assert response.json()["safety_model"] == "degraded"
    assert screening.default_layers.cache_info().currsize == 0  # nothing was loaded to tell
    assert any(name in record.getMessage() for record in caplog.records)


def test_a_whole_copy_of_the_model_is_ok(client, db, model_copy):
    assert client.get("/healthz").json()["safety_model"] == "ok"


def test_the_first_screen_logs_why_the_model_did_not_load(db, model_copy, caplog):
    from attune.core.screen import screening

    (model_copy / "screen.json").write_text("[]")
    with caplog.at_level("ERROR", logger="attune.safety_model"):
        screened = screening.screen_text("I want to die.")
    assert screened.layer == "phrase"
    assert any("cannot load" in record.getMessage() for record in caplog.records)
