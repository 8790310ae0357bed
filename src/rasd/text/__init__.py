"""The Arabic text layer: normalisation with an offset map, sentences, tokens and clitics."""

from .normalize import NormText, arabic_share, fold, norm, normalize

__all__ = ["NormText", "normalize", "norm", "fold", "arabic_share"]
