"""The texts of the gradient flow page: table "gradient_flow" of resnet_viz/locales/<language>.toml. The English of
the initialisations the library describes the same way comes from the library itself."""

from resnet_viz.analyses.gradients import INITS
from resnet_viz.i18n import Catalogue

TEXT = Catalogue("gradient_flow", library={f"init_{name}": INITS[name] for name in ("default", "small")})
