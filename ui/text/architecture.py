"""The texts of the architecture page: table "architecture" of resnet_viz/locales/<language>.toml."""

from resnet_viz.i18n import Catalogue

TEXT = Catalogue("architecture")
