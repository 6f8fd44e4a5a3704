"""The texts of the home page: table "home" of resnet_viz/locales/<language>.toml."""

from resnet_viz.i18n import Catalogue

TEXT = Catalogue("home")
