"""Errors the library reports to people: a code, its numbers, and one English sentence per code.

A :class:`ReportedError` is a ``ValueError`` whose ``code`` names the reason and whose ``params`` hold the numbers the
sentence needs. ``str(error)`` is the English sentence, made from the class's ``MESSAGES[code]``; an interface that
speaks another language translates ``error.key`` (``"<domain>_<code>"``) from its own catalogue with the same
``params``, so no interface ever parses an English message. :func:`error_messages` gives those English sentences by
key, which makes them the one English source of the app's error texts.

Example:
    >>> from resnet_viz.models import cifar_blocks_per_stage
    >>> try:
    ...     cifar_blocks_per_stage(21)
    ... except DepthError as error:
    ...     print(error.key, error.params["lower"], error.params["upper"])
    depth_cifar 20 26
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

__all__ = ["DepthError", "ReportedError", "error_messages"]


class ReportedError(ValueError):
    """Base of the library's user-facing errors; subclasses set ``DOMAIN`` and ``MESSAGES``."""

    DOMAIN: ClassVar[str] = ""
    MESSAGES: ClassVar[Mapping[str, str]] = {}

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(self.MESSAGES[code].format(**params))
        self.code, self.params = code, params

    @property
    def key(self) -> str:
        """The catalogue key of this error's sentence: ``"<domain>_<code>"``."""
        return f"{self.DOMAIN}_{self.code}"


class DepthError(ReportedError):
    """A network depth the model family does not have (``cifar``: not 6n+2; ``imagenet``: not in the table)."""

    DOMAIN = "depth"
    MESSAGES: ClassVar[Mapping[str, str]] = {
        "cifar": "A CIFAR ResNet's depth must be 6n+2 with n ≥ 1 (8, 14, 20, 32, 44, 56, 110, 1202, …); "
                 "{value} is not (nearest: {lower} or {upper}).",
        "imagenet": "An ImageNet ResNet's depth must be one of {choices}; {value} is not.",
    }


def error_messages(*kinds: type[ReportedError]) -> dict[str, str]:
    """The English sentence of every code of ``kinds``, by catalogue key (``"<domain>_<code>"``)."""
    return {f"{kind.DOMAIN}_{code}": text for kind in kinds for code, text in kind.MESSAGES.items()}
