"""The texts of the architecture page: table "architecture" of resnet_viz/locales/<language>.toml. The English of
article 000's block descriptions comes from the library."""

from resnet_viz.analyses.arch_reference import ARTICLE_BLOCKS
from resnet_viz.i18n import Catalogue

TEXT = Catalogue("architecture", library={f"article_{kind}": text for kind, text in ARTICLE_BLOCKS.items()})
