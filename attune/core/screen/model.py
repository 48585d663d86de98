"""The model layer: the encoder and its heads read each sentence and the whole text."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path

import numpy as np

from attune.core.screen.encoder import Encoder, ModelUnavailable, load_encoder, model_dir
from attune.core.screen.examples import KINDS, LABELS, Example
from attune.core.screen.heads import Classifier, centred, sigmoid
from attune.core.screen.phrases import PhraseBook, phrases
from attune.core.screen.text import Passage, prepare
from attune.core.screen.tiers import Hit, Tier

# A fragment of fewer words is read only inside the whole text (see SafetyModel.units).
MIN_WORDS = 3
# A unit's score for a kind is the mean of two readings of its vector, each centred on the
# training examples' mean (which makes cosine similarity between texts meaningful):
# the logistic classifier, and a nearest-neighbour margin: the mean similarity to the NEIGHBOURS
# closest bank examples of that kind, less the same to the closest examples that need no help,
# through a sigmoid of slope MARGIN_SLOPE. The two disagree on different texts, and their mean
# gave fewer check-ins on the tuning set's negatives at the same recall than either alone.
NEIGHBOURS = 5
MARGIN_SLOPE = 10.0

# Below this many words the model may only ask gently; see ModelLayer.unit_tier.
MIN_WORDS_TO_ALARM = 6
# Evidence: a text with fewer than this many content words ("tea later", "the words of a long
# day") gives the encoder too little to read, and such lines scored as high as the weakest real
# disclosures did. From the model alone, such a text is a check-in at most, and only when the
# two readings agree: its nearest bank examples are about as close as the nearest examples that
# need no help, or closer (a nearest-neighbour margin above THIN_MARGIN; SafetyModel.margins),
# and its score reaches the check-in threshold; or when its score alone reaches the alarm
# threshold. Every short disclosure of the tuning set that the phrases miss has a margin above
# 0; the short everyday lines we tried sit below -0.1; terse disclosures with no close bank
# example ("rope's ready": -0.02) sit between, hence a floor a little below 0. The rule reads the
# whole text, so a short sentence inside a longer entry keeps its context. Short plain statements
# ("I want to die") are the phrase layer's, which answers them whatever their length.
MIN_CONTENT_WORDS = 4
THIN_MARGIN = -0.05
# Resources at once from the model alone need the two readings to show it, not only their mean:
# ordinary relationship pain ("he looks at his phone when I talk", "she says I'm jealous of her
# friends") shares its words with abuse, and such texts reached the alarm threshold on a
# middling logistic reading and a middling margin. So a unit at or above the alarm threshold is
# an alarm only when the logistic classifier alone is sure (AGREE_LOGISTIC) or its nearest bank
# examples are clearly disclosures of that kind (a margin of AGREE_MARGIN or more), or when its
# score reaches the class's strong threshold (above every negative of the tuning set; see
# strong_threshold). Otherwise it is a check-in: the person is still asked, gently. A phrase hit
# still alarms at once, whatever the model says.
AGREE_LOGISTIC = 0.9
AGREE_MARGIN = 0.15
# Words that carry no content of their own: they do not count towards MIN_CONTENT_WORDS.
# Normalised text has no apostrophes ("im", "dont"), so those forms are listed as written.
_FUNCTION_WORDS = """
    a an the and or but so if then than that this these those there here it its itself
    i im ive id ill me my mine myself we were weve wed well us our ours you youre youve youd
    youll your yours he hes him his she shes her hers they theyre them their theirs
    is am are was be been being do does did doing done have has had having will would shall
    should can could may might must dont doesnt didnt wont wouldnt cant couldnt isnt arent
    wasnt werent havent hasnt hadnt to of in on at by for from with about into over after
    before up down out off as just not no yes ok okay oh very too also all any some more much
    what when where who why how which again still now get got go going gonna wanna lets let
    please thanks x xx"""
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS.split())


class SafetyModel:
    """The encoder, the two classifiers, and the bank's vectors for explaining a hit."""

    def __init__(
        self,
        encoder: Encoder,
        classifiers: dict[str, Classifier],
        bank: Sequence[Example],
        bank_vectors: np.ndarray,
        centre: np.ndarray | None = None,
    ) -> None:
        self.encoder = encoder
        self.classifiers = classifiers
        self.bank = tuple(bank)
        self.bank_vectors = bank_vectors.astype(np.float32)
        self.centre = np.zeros(self.bank_vectors.shape[1], np.float32) if centre is None else centre
        self.centred_bank = centred(self.bank_vectors, self.centre)
        labels = np.array([e.label for e in self.bank])
        self.rows = {label: np.flatnonzero(labels == label) for label in LABELS}

    def scores(self, vectors: np.ndarray) -> np.ndarray:
        """One row per vector, one column per kind: the mean of the logistic reading and the
        nearest-neighbour margin (see NEIGHBOURS)."""
        return self.readings(vectors)[0]

    def readings(self, vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The scores, the logistic readings and the margins: one row per vector, one column
        per kind each."""
        moved = centred(vectors, self.centre)
        margins = self.margins(vectors)
        logistic = np.stack([self.classifiers[k].scores(moved) for k in KINDS], axis=1)
        scores = (logistic + sigmoid(MARGIN_SLOPE * margins)) / 2
        return scores, logistic, margins

    def margins(self, vectors: np.ndarray) -> np.ndarray:
        """One row per vector, one column per kind: the mean similarity to the closest bank
        examples of that kind less that to the closest examples that need no help. Above 0, the
        nearest examples are disclosures of that kind rather than everyday or hard negatives."""
        similarity = centred(vectors, self.centre) @ self.centred_bank.T
        closest_none = self._closest(similarity, "none")
        return np.stack([self._closest(similarity, k) - closest_none for k in KINDS], axis=1)

    def _closest(self, similarity: np.ndarray, label: str) -> np.ndarray:
        rows = self.rows[label]
        if not len(rows):
            return np.zeros(len(similarity), np.float32)
        k = min(NEIGHBOURS, len(rows))
        return np.sort(similarity[:, rows], axis=1)[:, -k:].mean(axis=1)

    # The units of a passage: every sentence and the whole, each in windows if long.
    def units(self, passage: Passage) -> list[tuple[str, list[int]]]:
        # A fragment of one or two words ("payday") says too little for the model to read; it
        # is still read inside the whole text, and the phrases read it on its own.
        sentences = [s for s in passage.sentences if len(s.split()) >= MIN_WORDS]
        texts = list(dict.fromkeys([*sentences, passage.whole]))
        return [(text, ids) for _, text, ids in self.encoder.windows(texts)]

    def read(self, passage: Passage) -> tuple[list[str], np.ndarray, np.ndarray]:
        """Each unit's text, its vector, and its scores (one column per kind)."""
        units = self.units(passage)
        vectors = self.encoder.embed_ids([ids for _, ids in units])
        scores = self.scores(vectors)
        return [text for text, _ in units], vectors, scores

    def nearest(self, vector: np.ndarray, label: str | None = None) -> str:
        """The bank example closest to a vector (of one label, when given)."""
        rows = [i for i, e in enumerate(self.bank) if label is None or e.label == label]
        if not rows:
            return ""
        similarity = self.bank_vectors[rows] @ vector
        return self.bank[rows[int(np.argmax(similarity))]].text

    def nearest_to(self, text: str) -> str:
        """The closest crisis or abuse example in the bank to a text, for a reviewer."""
        vector = self.encoder.embed([text])[0]
        rows = [i for i, e in enumerate(self.bank) if e.label != "none"]
        if not rows:
            return ""
        return self.bank[rows[int(np.argmax(self.bank_vectors[rows] @ vector))]].text

    def max_scores(self, text: str) -> dict[str, float]:
        passage = prepare(text)
        if not passage.sentences:
            return dict.fromkeys(KINDS, 0.0)
        _, _, scores = self.read(ModelLayer(self)._blanked(passage))
        return {kind: float(scores[:, column].max()) for column, kind in enumerate(KINDS)}


class ModelLayer:
    """Layer two: each sentence and the whole text scored by the classifiers; the highest wins.

    It reads context with the phrase book's own word lists, so the two layers agree on the
    rules: a known idiom is blanked before the model reads the text, and a unit that is negated,
    long past or about someone else is a gentle check-in at most, never an alarm. A text with
    too few content words needs more evidence for even a check-in (see MIN_CONTENT_WORDS).
    """

    name = "embedding"

    def __init__(self, model: SafetyModel, book: PhraseBook | None = None) -> None:
        self.model = model
        self.book = book or phrases()

    def hits(self, passage: Passage) -> Iterator[Hit]:
        blanked = self._blanked(passage)
        units = self.model.units(blanked)
        texts = [text for text, _ in units]
        vectors = self.model.encoder.embed_ids([ids for _, ids in units])
        scores, logistic, margins = self.model.readings(vectors)
        thin = self.thin(blanked.whole)
        for column, kind in enumerate(KINDS):
            classifier = self.model.classifiers[kind]
            tiers = [
                self.unit_tier(text, float(s), classifier, thin, float(m), float(g))
                for text, s, m, g in zip(
                    texts, scores[:, column], margins[:, column], logistic[:, column], strict=True
                )
            ]
            best = max(range(len(texts)), key=lambda i: (tiers[i], scores[i, column]))
            if tiers[best]:
                nearest = self.model.nearest(vectors[best], kind)
                yield Hit(tiers[best], kind, nearest, texts[best], self.name)

    def unit_tier(
        self,
        text: str,
        score: float,
        classifier: Classifier,
        thin: bool = False,
        margin: float = 0.0,
        logistic: float | None = None,
    ) -> int:
        """The tier one unit earns from its score, after the evidence and context rules.

        thin says the whole text is thin (ModelLayer.thin), so the unit needs more evidence;
        margin is the unit's nearest-neighbour margin for this kind (SafetyModel.margins) and
        logistic its classifier's reading alone (the score when not given). A thin unit is a
        check-in at most, and only when its nearest bank examples lean towards disclosures of
        this kind (margin above THIN_MARGIN) as well as its score reaching the check-in
        threshold, or when its score reaches the alarm threshold. Any other unit at the alarm
        threshold alarms only with the readings' agreement (AGREE_LOGISTIC) or a strong score.
        """
        if thin:
            agreed = margin > THIN_MARGIN and score >= classifier.check_in
            return Tier.CHECK_IN if agreed or score >= classifier.alarm else 0
        tier = classifier.tier(score)
        if tier == Tier.RESOURCES and score < classifier.strong_at:
            sure = (score if logistic is None else logistic) >= AGREE_LOGISTIC
            if not (sure or margin >= AGREE_MARGIN):
                tier = Tier.CHECK_IN
        return self._capped(text, tier)

    @staticmethod
    def thin(text: str) -> bool:
        """Whether a text has too few content words for the model alone to raise a concern. It
        is asked of the whole text: a short sentence inside a longer entry has its context."""
        return content_words(text) < MIN_CONTENT_WORDS

    def _blanked(self, passage: Passage) -> Passage:
        if self.book.exclusions is None:
            return passage
        blank = self.book.exclusions
        sentences = tuple(blank.sub(",", sentence) for sentence in passage.sentences)
        return Passage(sentences, blank.sub(",", passage.whole), passage.starts)

    def _capped(self, text: str, tier: int) -> int:
        if tier < Tier.RESOURCES:
            return tier
        book = self.book
        # A few words give the encoder too little to go on ("kinder to myself today" sat near
        # the crisis examples): short texts get at most a check-in from the model. Plain short
        # statements ("I want to die") are the phrase layer's, which still answers at once.
        if len(text.split()) < MIN_WORDS_TO_ALARM:
            return Tier.CHECK_IN
        words = set(text.split())
        others = bool(words & book.third_person) and not (words & book.first_person) - {"my"}
        if book.negations.search(text) or book.past.search(text) or others:
            return Tier.CHECK_IN
        return tier


def content_words(text: str) -> int:
    """How many words of a normalised text are not function words ("tea later": 2)."""
    return sum(1 for word in text.split() if word not in FUNCTION_WORDS and not word.isdigit())


# ---- loading the shipped model ----


def load_model(directory: Path | None = None) -> SafetyModel:
    """Load the encoder and the trained weights; raises ModelUnavailable when anything is amiss."""
    directory = directory or model_dir()
    weights_path, vectors_path = directory / "classifier.json", directory / "bank.npy"
    if not weights_path.is_file() or not vectors_path.is_file():
        raise ModelUnavailable(f"no trained weights in {directory} (run: attune safety train)")
    try:
        data = json.loads(weights_path.read_text(encoding="utf-8"))
        vectors = np.load(vectors_path, allow_pickle=False)
        classifiers = {
            kind: Classifier(
                kind,
                np.asarray(data["classifiers"][kind]["weights"], dtype=np.float32),
                float(data["classifiers"][kind]["bias"]),
                float(data["classifiers"][kind]["check_in"]),
                float(data["classifiers"][kind]["alarm"]),
                float(data["classifiers"][kind].get("strong", 0.0)),
            )
            for kind in KINDS
        }
        bank = [Example(e["text"], e["label"], e["category"]) for e in data["bank"]]
        centre = np.asarray(data["centre"], dtype=np.float32)
        if centre.shape != (vectors.shape[1],):
            raise ValueError("the centre does not match the vectors")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelUnavailable(f"the weights in {directory} cannot be read: {exc}") from exc
    if len(bank) != len(vectors):
        raise ModelUnavailable(f"the bank vectors in {directory} do not match the bank")
    return SafetyModel(load_encoder(directory), classifiers, bank, vectors, centre)


@cache
def shipped_model() -> SafetyModel | None:
    """The model every screen uses, loaded once per process; None when it cannot load."""
    try:
        return load_model()
    except ModelUnavailable as exc:
        # Said once per process, where an operator looks: the screen goes on with the phrases.
        logging.getLogger("attune.safety_model").error(
            "the safety model cannot load, so the phrases screen alone: %s", exc
        )
        return None


def why_unavailable() -> str:
    """Why the shipped model cannot load, or "" when it loads."""
    try:
        load_model()
    except ModelUnavailable as exc:
        return str(exc)
    return ""
