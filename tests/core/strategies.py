"""Hypothesis strategies: complete or partial answer sets for an instrument."""

from hypothesis import strategies as st

from attune.core.instruments import Instrument


def answers(instrument: Instrument, skips: bool = True) -> st.SearchStrategy[dict]:
    per_item = {
        item.id: (st.none() | st.sampled_from(item.values))
        if skips
        else st.sampled_from(item.values)
        for item in instrument.items
    }
    return st.fixed_dictionaries(per_item)
