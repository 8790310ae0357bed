"""Every error and warning rasd raises or records, each under a stable code.

Codes are grouped by area so that several people can add to this file without clashing:

- E0xx / W0xx  core: Doc, pipeline, schema
- E1xx / W1xx  text layer and input reading (ingest readers, CLI input)
- E2xx / W2xx  entities, NER training and evaluation, actors
- E3xx / W3xx  dates and places
- E4xx / W4xx  quotes
- E5xx / W5xx  events
- E6xx / W6xx  store, incidents, exports, batch
- E7xx / W7xx  web and REST API

Raise with ``raise RasdError(Errors.E001, name=...) from cause`` so the cause is kept.
Record warnings on a document with ``doc.warn(Warnings.W001, ...)``.
"""

from __future__ import annotations


class _Messages:
    """A namespace of message templates whose attribute name is the code."""

    def __init_subclass__(cls) -> None:
        for key, value in list(vars(cls).items()):
            if key[:1] in ("E", "W") and key[1:].isdigit():
                setattr(cls, key, _Message(key, value))


class _Message(str):
    code: str

    def __new__(cls, code: str, template: str) -> "_Message":
        obj = super().__new__(cls, template)
        obj.code = code
        return obj

    def format_with(self, **kwargs: object) -> str:
        try:
            return str.format(self, **kwargs)
        except (KeyError, IndexError, ValueError):
            # A template/argument mismatch is a bug in rasd, but the message must still
            # reach the user: show the template and the arguments verbatim.
            return f"{str(self)} {kwargs!r}"


class Errors(_Messages):
    # --- core --------------------------------------------------------------------------
    E001 = "Unknown pipeline component '{name}'. Known components: {known}."
    E002 = (
        "Component '{name}' reads the layer(s) {missing}, which no earlier component sets "
        "and the document does not have. Add a component that sets them before '{name}'."
    )
    E003 = "Span ({start}, {end}) is outside the document text of length {length}."
    E004 = "Span text {text!r} does not match the original text {original!r} at ({start}, {end})."
    E005 = "Invalid publication date {value!r}: expected YYYY-MM-DD."
    E006 = "Cannot rebuild a document from a dict: {reason}."
    E007 = "Document does not match the JSON schema rasd.document/1: {reason}."
    E008 = "Text must be a str, not {type}."
    E009 = "Component '{name}' failed on document {doc_id!r}: {reason}."

    # --- text layer and input reading (E1xx) ---------------------------------------------
    E101 = "{path}: file is empty."
    E102 = "{path}: looks like a binary file (NUL bytes or control characters), not text."
    E103 = "{path}: invalid UTF-8 at byte {position}: {reason}."
    E104 = "{path}: file of {size} bytes is larger than the limit of {limit} bytes."
    E105 = "{path}, line {line}: malformed JSON: {reason}."
    E106 = "{path}, line {line}: {reason}."
    E107 = "{path}: no main text could be extracted from the HTML."
    E108 = "{path}: no such file or folder."
    E109 = "{path}: unsupported input type '{suffix}'. Use .txt, .jsonl, .json, .html, .htm, .xml, .rss or .atom."
    E110 = "--format json writes one document, but {count} inputs were given. Use --format jsonl."
    E111 = "{path}: cannot read the file: {reason}."
    E112 = "{path}: the feed could not be parsed: {reason}."
    E113 = "{path}: text of {size} characters is larger than the limit of {limit} characters."
    E150 = (
        "Text lexicon {path} is missing or unreadable ({reason}). Reinstall rasd, or rebuild it "
        "with scripts/build_text_lexicon.py."
    )

    # --- entities, NER, actors (E2xx) -----------------------------------------------------
    E201 = "NER model file {path} not found. Train one with `rasd train ner`."
    E202 = "{path}, line {line}: expected 'token TAG', got {content!r}."
    E203 = "Unknown data format {format!r}: use conll or wojood."
    E204 = "Actor dictionary {path}: {reason}."
    E230 = "Actor linking gold set {path}: {reason}."
    E205 = "NER model {path} cannot be loaded: {reason}."
    E206 = "NER data {path}: {reason}."
    E260 = "The BiLSTM-CRF tagger needs torch: pip install 'rasd[nn]' (torch==2.13.0)."

    # --- dates and places (E3xx) ----------------------------------------------------------
    E301 = "Gazetteer {path}: {reason}."
    E302 = "Evaluation set {path}: {reason}."
    E303 = "Date lexicon {path} cannot be read: {reason}."

    # --- quotes (E4xx) -------------------------------------------------------------------
    E401 = "Quote evaluation set {path}: {reason}."
    E402 = "Quote cue lexicon {path}: {reason}."

    # --- events (E5xx) -------------------------------------------------------------------
    E501 = "Event evaluation set {path}: {reason}."
    E502 = "Event lexicon {path}: {reason}."
    E503 = "GSR file {path}: {reason}."

    # --- store, incidents, exports, batch (E6xx) -----------------------------------------
    E601 = "Cannot open the database {url}: {reason}."
    E602 = (
        "The database {url} is at schema revision {revision!r}, not the latest {head!r}. "
        "Run `rasd db upgrade --db URL` first."
    )
    E603 = "{path}, entry {entry}: {reason}."
    E604 = "Cannot write to the database: {reason}."
    E605 = "Unknown export format {format!r}: use {known}."
    E606 = "Invalid date {value!r} for {option}: expected YYYY-MM-DD."
    E607 = "Cannot reach the Dask scheduler {address}: {reason}."
    E608 = "Cannot write {path}: {reason}."

    # --- web (E7xx) ----------------------------------------------------------------------
    E701 = "Not found: {what}."
    E702 = "The request body is too large: {size} bytes, at most {limit}."
    E703 = "Invalid request: {reason}."
    E704 = "This endpoint needs an API token (Authorization: Bearer TOKEN)."
    E705 = "The API token is wrong."
    E706 = "Writing is disabled: start rasd serve with --token (or RASD_API_TOKEN) to enable ingest."
    E707 = "Internal server error ({reason})."
    E708 = "HTTP error: {reason}."


class Warnings(_Messages):
    W001 = "No publication date: relative dates keep their span without a value."
    W002 = "The text has little or no Arabic script ({share:.0%} Arabic letters); results will be poor."
    W003 = "The text is empty or only whitespace."
    W004 = "Component '{name}' skipped: {reason}."

    W101 = "Control characters were found in the text and left in place."


class RasdError(Exception):
    """An error with a stable code. ``str(err)`` is ``"[E001] message"``."""

    def __init__(self, message: _Message | str, **kwargs: object) -> None:
        self.code = getattr(message, "code", "E000")
        if isinstance(message, _Message):
            self.message = message.format_with(**kwargs)
        else:
            self.message = str(message)
        self.details = kwargs
        super().__init__(f"[{self.code}] {self.message}")


class InputError(RasdError):
    """A bad input (file, line, text). The run carries on with the other inputs."""


class UsageError(RasdError):
    """A wrong combination of options or arguments (CLI exit code 2)."""


def warning_record(message: _Message, **kwargs: object) -> dict[str, str]:
    """The dict stored in ``Doc.warnings``: ``{"code": "W001", "message": "..."}``."""
    return {"code": message.code, "message": message.format_with(**kwargs)}
