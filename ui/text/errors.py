"""The texts of the errors the library reports by code: table "errors" of resnet_viz/locales/<language>.toml.
The English of every code comes from the library's error classes (their ``MESSAGES``); the other languages
translate those keys here."""

from resnet_viz.analyses.attributions import AttributionError
from resnet_viz.analyses.block_weights import KernelError
from resnet_viz.analyses.gradients import FlowConfigError
from resnet_viz.data import ImageError
from resnet_viz.errors import DepthError, error_messages
from resnet_viz.i18n import Catalogue
from resnet_viz.models.weights import CheckpointError

REPORTED = (AttributionError, CheckpointError, DepthError, FlowConfigError, ImageError, KernelError)

TEXT = Catalogue("errors", library=error_messages(*REPORTED))
