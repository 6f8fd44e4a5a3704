"""The texts of the errors the library reports by code: table "errors" of
resnet_viz/locales/<language>.toml."""

from resnet_viz.i18n import Catalogue

TEXT = Catalogue("errors")
