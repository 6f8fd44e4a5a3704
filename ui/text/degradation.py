"""The texts of the degradation page: table "degradation" of resnet_viz/locales/<language>.toml."""

from resnet_viz.i18n import Catalogue

TEXT = Catalogue("degradation")
