"""rasd — Arabic news reporting turned into structured, attributed, verifiable records.

    >>> import rasd
    >>> doc = rasd.analyze("بغداد | أعلنت وزارة الدفاع ...", published="2025-05-03")
    >>> doc.to_dict()["events"]

Nothing is loaded at import time: models and lexicons are read when a component first runs.
"""

from .doc import Doc, DateMention, Entity, Event, Place, Quote, Sentence, Span, Token
from .errors import Errors, InputError, RasdError, UsageError, Warnings
from .pipeline import DEFAULT_COMPONENTS, Pipeline, analyze, register

__version__ = "0.1.0"

__all__ = [
    "analyze", "Pipeline", "Doc", "register", "DEFAULT_COMPONENTS",
    "Span", "Sentence", "Token", "Entity", "DateMention", "Place", "Quote", "Event",
    "RasdError", "InputError", "UsageError", "Errors", "Warnings", "__version__",
]
