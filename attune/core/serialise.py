"""Plain-data forms of domain results, for JSON output from the command line and the API."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from attune.core.instruments import Instrument
from attune.core.report import Report
from attune.core.resources import Line, directory
from attune.core.safety import SafetyScreen
from attune.core.scoring import ConstructScore


def construct_dict(result: ConstructScore) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": result.construct,
        "score": result.score,
        "band": result.band.id if result.band else None,
        "band_name": result.band.name if result.band else None,
        "answered": result.answered,
        "items": result.total,
    }
    if result.reason:
        out["reason"] = result.reason
    return out


def safety_lines(safety: SafetyScreen, country: str | None) -> list[Line]:
    """The lines to show for a screen: crisis lines for crisis, abuse lines for abuse."""
    kinds = ("emergency",)
    kinds += ("crisis",) if safety.crisis else ()
    kinds += ("abuse",) if safety.abuse else ()
    return directory().lines_for(country, kinds) if safety.positive else []


def report_dict(report: Report, country: str | None = None) -> dict[str, Any]:
    return {
        "instrument": {"id": report.instrument_id, "version": report.instrument_version},
        "constructs": [construct_dict(r) for r in report.scores.values()],
        "signs": [construct_dict(r) for r in report.signs],
        "causes": [construct_dict(r) for r in report.causes],
        "wellbeing": [construct_dict(r) for r in report.wellbeing],
        "likely_causes": [
            {
                "id": c.cause,
                "score": c.score,
                "signs": list(c.signs),
                "because": [
                    {"item": e.item_id, "text": e.text, "answer": e.answer} for e in c.evidence
                ],
            }
            for c in report.likely_causes
        ],
        "strengths": list(report.strengths),
        "safety": {
            "crisis": report.safety.crisis,
            "abuse": report.safety.abuse,
            "resources": [asdict(line) for line in safety_lines(report.safety, country)],
        },
        "plan": [
            {
                "strategy": step.strategy,
                "activities": [{"id": a.id, "couple": a.couple} for a in step.activities],
                "answers": list(step.answers),
            }
            for step in report.plan
        ],
    }


def instrument_summary(instrument: Instrument) -> dict[str, Any]:
    return {"id": instrument.id, "version": instrument.version, "title": instrument.title}


def instrument_dict(instrument: Instrument) -> dict[str, Any]:
    return {
        **instrument_summary(instrument),
        "description": instrument.description,
        "time_frame": instrument.time_frame,
        "sections": [
            {"id": s.id, "title": s.title, "items": [i.id for i in s.items]}
            for s in instrument.sections
        ],
        "items": [
            {
                "id": item.id,
                "construct": item.construct,
                "text": item.text,
                "options": [{"value": o.value, "label": o.label} for o in item.options],
                "higher_is_healthier": item.higher_is_healthier,
                "optional": item.optional,
                "why": item.why or None,
            }
            for item in instrument.items
        ],
    }
