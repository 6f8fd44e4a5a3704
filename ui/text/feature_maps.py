"""The texts of the feature maps page: table "feature_maps" of resnet_viz/locales/<language>.toml."""

from resnet_viz.i18n import Catalogue

TEXT = Catalogue("feature_maps")
