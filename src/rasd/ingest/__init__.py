"""Reading articles from text, JSONL, JSON, HTML and feed files, folders and standard input."""

from .readers import Article, InputFailure, iter_inputs

__all__ = ["Article", "InputFailure", "iter_inputs"]
