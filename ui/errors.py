"""Library errors in the reader's language: the library raises an error with a code and its numbers, the
interface says it from its catalogue (``ui/text/errors.py``)."""

from __future__ import annotations

from resnet_viz.data import ImageError
from ui.i18n import translator
from ui.text.errors import TEXT


def image_error_text(error: ImageError) -> str:
    """Why an upload cannot be used, in the current language."""
    tr = translator(TEXT)
    code = getattr(error, "code", "")
    if f"image_{code}" in TEXT.tables["en"]:
        return tr(f"image_{code}", **error.params)
    return tr("image_other", detail=str(error))
