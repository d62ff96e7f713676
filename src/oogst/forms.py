"""What the public forms of several apps share: errors a screen reader finds at their field."""

from __future__ import annotations


class DescribedErrors:
    """A form mixin: after validation, tie each field's error message to its input
    (aria-describedby, beside its help text) and mark the input invalid (WCAG 3.3.1)."""

    def describe_errors(self) -> None:
        for name in self.errors:
            if name not in self.fields:
                continue
            bound, widget = self[name], self.fields[name].widget
            ids = [f"{bound.auto_id}_helptext"] if self.fields[name].help_text else []
            widget.attrs["aria-describedby"] = " ".join([*ids, f"{bound.auto_id}_error"])
            widget.attrs["aria-invalid"] = "true"
