"""The event trigger and instrument lexicons, loaded once per process on first use.

Keys are folded stems (``rasd.text.fold``: normalised, ى->ي, ة->ه). Verbs are listed as
"past imperfect" pairs and their common inflections are generated here, so the tables match
قصفت، وقصفوا، يقصفون، بقصف... on the token stem (clitics and article already removed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from ...errors import Errors, RasdError
from ...resources import resource_path
from ...text import fold


@dataclass(slots=True, frozen=True)
class Trigger:
    type: str
    mode: str | None
    pos: str  # "v" past verb, "vi" imperfect verb, "n" noun
    weak: bool = False  # the mode is a default that an instrument overrides


@dataclass(slots=True)
class Lexicon:
    uni: dict[str, Trigger] = field(default_factory=dict)
    bi: dict[tuple[str, str], Trigger] = field(default_factory=dict)
    instr_uni: dict[str, str] = field(default_factory=dict)
    instr_bi: dict[tuple[str, str], str] = field(default_factory=dict)
    acled: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    bi_first: frozenset[str] = frozenset()  # first words of the two-word triggers
    instr_bi_first: frozenset[str] = frozenset()

    def acled_for(self, type_: str, mode: str | None) -> dict[str, str] | None:
        hit = self.acled.get((type_, mode or "")) or self.acled.get((type_, "*"))
        return dict(hit) if hit else None


_PAST_SUFFIXES = ("", "ت", "وا", "و", "ا", "تا", "ن", "نا", "تم")
_IMPF_PREFIXES = ("ي", "ت", "ن", "ا")
_IMPF_SUFFIXES = ("", "ون", "ان", "ن", "وا", "ين")


def past_forms(past: str) -> set[str]:
    past = fold(past)
    return {past + s for s in _PAST_SUFFIXES}


def imperfect_forms(imperfect: str) -> set[str]:
    imperfect = fold(imperfect)
    stem = imperfect[1:] if imperfect[:1] in "يت" else imperfect
    return {p + stem + s for p in _IMPF_PREFIXES for s in _IMPF_SUFFIXES}


def verb_forms(past: str, imperfect: str) -> set[str]:
    """Common written inflections of a verb given its past and imperfect 3rd masc. sing."""
    return past_forms(past) | imperfect_forms(imperfect)


def noun_forms(noun: str) -> set[str]:
    n = fold(noun)
    out = {n}
    if n.endswith("ه"):
        base = n[:-1]
        out.update({base + "تين", base + "تان", base + "ات", base + "تي"})
    elif not n.endswith("ات"):
        out.update({n + "ا", n + "ين", n + "ان"})
    return out


def _first_word_forms(word: str) -> set[str]:
    if word.startswith("V:"):
        _, past, impf = word.split(":")
        return verb_forms(past, impf)
    return {fold(word)}


def _mode(value: str) -> tuple[str | None, bool]:
    if value == "-":
        return None, False
    if value.endswith("?"):
        return value[:-1], True
    return value, False


@lru_cache(maxsize=1)
def load() -> Lexicon:
    lex = Lexicon()
    path = resource_path("events", "triggers.tsv")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise RasdError(Errors.E502, path=path, reason=str(exc)) from exc
    for lineno, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 4:
            raise RasdError(Errors.E502, path=path, reason=f"line {lineno}: expected 4 tab-separated columns")
        type_, mode, kind, forms = parts
        words = forms.split()
        mode_, weak = _mode(mode)
        if type_ == "INSTR":
            if kind == "b":
                for w in words:
                    a, b = w.split("+")
                    lex.instr_bi[(fold(a), fold(b))] = mode
            else:
                for w in words:
                    for f in noun_forms(w):
                        lex.instr_uni.setdefault(f, mode)
            continue
        if kind == "v":
            if len(words) % 2:
                raise RasdError(Errors.E502, path=path, reason=f"line {lineno}: verbs come in past/imperfect pairs")
            for past, impf in zip(words[::2], words[1::2]):
                trig = Trigger(type_, mode_, "v", weak)
                for f in past_forms(past):
                    lex.uni.setdefault(f, trig)
                trig = Trigger(type_, mode_, "vi", weak)
                for f in imperfect_forms(impf):
                    lex.uni.setdefault(f, trig)
        elif kind == "n":
            trig = Trigger(type_, mode_, "n", weak)
            for w in words:
                for f in noun_forms(w):
                    lex.uni.setdefault(f, trig)
        elif kind in ("fv", "fn"):
            for w in words:
                fw = fold(w)
                imperfect = fw[:1] in "ين" or (fw[:1] == "ت" and not fw.endswith(("ت", "وا", "تا")))
                pos = "n" if kind == "fn" else ("vi" if imperfect else "v")
                lex.uni.setdefault(fold(w), Trigger(type_, mode_, pos, weak))
        elif kind == "b":
            for w in words:
                a, b = w.split("+")
                pos = "v" if a.startswith("V:") else "n"
                trig = Trigger(type_, mode_, pos, weak)
                for fa in _first_word_forms(a):
                    lex.bi.setdefault((fa, fold(b)), trig)
        else:
            raise RasdError(Errors.E502, path=path, reason=f"line {lineno}: unknown kind {kind!r}")
    lex.bi_first = frozenset(a for a, _ in lex.bi)
    lex.instr_bi_first = frozenset(a for a, _ in lex.instr_bi)
    apath = resource_path("events", "acled.tsv")
    try:
        alines = apath.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise RasdError(Errors.E502, path=apath, reason=str(exc)) from exc
    for line in alines:
        if not line.strip() or line.startswith("#"):
            continue
        t, m, et, st = line.split("\t")
        lex.acled[(t, m)] = {"event_type": et, "sub_event_type": st}
    return lex
