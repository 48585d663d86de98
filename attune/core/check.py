"""Every content file loaded fresh and checked: what `attune check` and the system check run."""

from __future__ import annotations

from attune.core.content import ContentError


def check_content() -> list[str]:
    """Load every content file fresh; return a line per problem found (empty when all is well)."""
    from attune.core.articles import load_articles
    from attune.core.bands import load_bands
    from attune.core.catalogue import load_catalogue
    from attune.core.concepts import load_concepts
    from attune.core.couple import load_gap_prompts
    from attune.core.instruments import INSTRUMENT_DIR, load_instrument
    from attune.core.resources import load_directory
    from attune.core.safetysets import load_sealed, load_sets
    from attune.core.screen.phrases import load_phrases
    from attune.core.tips import load_tips

    problems = []
    loaders = [load_concepts, load_bands, load_directory, load_phrases, load_tips]
    loaders.append(load_articles)
    loaders.append(load_gap_prompts)
    loaders.append(load_catalogue)
    loaders.append(load_sets)
    loaders.append(load_sealed)
    loaders += [(lambda p=p: load_instrument(p)) for p in sorted(INSTRUMENT_DIR.glob("*.yaml"))]
    for loader in loaders:
        try:
            loader()
        except ContentError as exc:
            problems.append(str(exc))
    return problems
