"""The texts of the gradient flow page: table "gradient_flow" of resnet_viz/locales/<language>.toml."""

from resnet_viz.i18n import Catalogue

TEXT = Catalogue("gradient_flow")
