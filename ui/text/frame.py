"""The texts of the frame every page shares (language, sidebar, share link): table "frame" of
resnet_viz/locales/<language>.toml."""

from resnet_viz.i18n import Catalogue

TEXT = Catalogue("frame")
