"""The Arabic text layer: normalisation with an offset map, sentences, tokens and clitics.

Nothing here reads a file at import time; the clitic lexicon is loaded on the first segmentation.
"""

from .clitics import Segmentation, segment
from .normalize import NormText, arabic_share, fold, fold_normalised, norm, normalize, normalized
from .sentences import SentenceSplitter, split_sentences
from .tokens import Tokenizer, is_detached_proclitic, quoted_after, tokenize

__all__ = [
    "NormText",
    "Segmentation",
    "SentenceSplitter",
    "Tokenizer",
    "arabic_share",
    "fold",
    "fold_normalised",
    "is_detached_proclitic",
    "norm",
    "normalize",
    "normalized",
    "quoted_after",
    "segment",
    "split_sentences",
    "tokenize",
]
