"""A field's value with where it was read and how sure we are (ARCHITECTURE.md invariant 6)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


RIVAL_CONFIDENCE = 0.8  # a label's value this sure contests another label's different value
# A typed label's value its reader doubts (a fax cover's "Date :" on the mail's own day, a peril
# it cannot name) leaves the field open to the text around, which may say it better.
DOUBTED_LABEL = 0.7


@dataclass(slots=True)
class FieldValue:
    value: Any
    confidence: float
    source: str  # "body", "subject", "attachment:ODM.pdf#page=1"
    text: str  # the text the value was read from
    box: list[float] | None = None  # [x0, y0, x1, y1] on the page, for PDFs and scans
    page_size: list[float] | None = None  # [width, height] of that page's coordinate space
    method: str = "label"  # label, prose, subject, derived, default
    ocr_conf: float | None = None  # lowest OCR word confidence of the value (scans only)
    bare_label: bool = False  # read under a one-word label ("Date", "Nature"), which a fuller one outranks

    def evidence(self) -> dict[str, Any]:
        out: dict[str, Any] = {"source": self.source, "text": self.text[:300]}
        if self.box is not None:
            out["box"] = self.box
            if self.page_size:
                out["page_size"] = self.page_size
        return out


@dataclass(slots=True)
class Mission:
    """The fields read for one mission (one future draft), best value per field."""

    values: dict[str, FieldValue] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    # Fields a form box answered or left empty: free-text guesses must not override them.
    from_form: set[str] = field(default_factory=set)
    sent: date | None = None  # the mail's date: the year of a date written without one
    # Fields two labels of the form answer differently, each with some assurance ("Date : 09/11"
    # of a fax cover sheet and "Date du sinistre : 11/10"): whichever is kept, it is not sure.
    contested: set[str] = field(default_factory=set)
    _label_values: dict[str, list[Any]] = field(default_factory=dict)

    def offer(self, key: str, value: FieldValue | None) -> None:
        """Keep the better of the current and the offered value."""
        if value is None or value.value is None or value.value == "":
            return
        if key in self.from_form and value.method != "label":
            return
        if value.method == "label":
            if value.ocr_conf is not None or value.confidence >= DOUBTED_LABEL:
                self.from_form.add(key)
            if value.confidence >= RIVAL_CONFIDENCE:
                seen = self._label_values.setdefault(key, [])
                if any(other != value.value for other in seen):
                    self.contested.add(key)
                seen.append(value.value)
        current = self.values.get(key)
        # "Date" heading a table of events yields to "Date de survenance" below it, equally sure.
        outranks = value.confidence == current.confidence and current.bare_label and not value.bare_label and value.method == current.method if current else False
        if current is None or value.confidence > current.confidence or outranks:
            self.values[key] = value

    def get(self, key: str) -> Any:
        fv = self.values.get(key)
        return fv.value if fv else None

    def filled(self, *keys: str) -> int:
        return sum(1 for k in keys if self.get(k) is not None)
