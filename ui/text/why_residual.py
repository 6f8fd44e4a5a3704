"""The texts of the why residual page: table "why_residual" of resnet_viz/locales/<language>.toml."""

from resnet_viz.i18n import Catalogue

TEXT = Catalogue("why_residual")
