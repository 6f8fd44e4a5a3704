"""The texts of the degradation page: table "degradation" of resnet_viz/locales/<language>.toml. The English of the
presets the library names the same way comes from the library itself."""

from resnet_viz.analyses.degradation import PRESETS
from resnet_viz.i18n import Catalogue

LIBRARY_TITLED = ("cpu", "paper", "cifar10")  # the other presets get a page-specific title in the catalogue

TEXT = Catalogue("degradation", library={f"preset_{name}": PRESETS[name].title for name in LIBRARY_TITLED})
