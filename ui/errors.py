"""Library errors in the reader's language: the library raises a :class:`~resnet_viz.errors.ReportedError` with a
code and its numbers, and the interface says it from its catalogue (``ui/text/errors.py``), never by reading the
library's English."""

from __future__ import annotations

import logging

from resnet_viz.errors import ReportedError
from ui.i18n import translator
from ui.text.errors import TEXT

LOG = logging.getLogger(__name__)


def error_text(error: Exception, *, log: bool = True) -> str:
    """Why ``error`` happened, in the current language.

    A reported error is worded by its code. Anything else is a fault in the app, not in what the reader did: the
    page names its kind only, and the full error goes to the server's log (unless ``log`` is False: the caller has
    logged it already).
    """
    tr = translator(TEXT)
    if isinstance(error, ReportedError) and error.key in TEXT.tables["en"]:
        return tr(error.key, **error.params)
    if log:
        LOG.error("unexpected error shown to a reader as %s", type(error).__name__, exc_info=error)
    return tr("unexpected", kind=type(error).__name__)
