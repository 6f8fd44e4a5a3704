"""The texts of the attributions page: table "attributions" of resnet_viz/locales/<language>.toml. The English of
the methods' titles and summaries, the sample photos and the signs comes from the library itself."""

from resnet_viz.analyses.attributions import METHODS, SIGNS
from resnet_viz.data import SAMPLE_IMAGES
from resnet_viz.i18n import Catalogue

TEXT = Catalogue("attributions", library={
    **{f"method_{key}": spec.title for key, spec in METHODS.items()},
    **{f"summary_{key}": spec.summary for key, spec in METHODS.items()},
    **{f"sample_{key}": image.title for key, image in SAMPLE_IMAGES.items()},
    **{f"sign_help_{key}": text for key, text in SIGNS.items()},
})
