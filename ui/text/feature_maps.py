"""The texts of the feature maps page: table "feature_maps" of resnet_viz/locales/<language>.toml. The English of the
sample photos' titles and credits and of the plain net's notes comes from the library itself."""

from resnet_viz.analyses.features import PLAIN_NOTES
from resnet_viz.data import SAMPLE_IMAGES
from resnet_viz.i18n import Catalogue

TEXT = Catalogue("feature_maps", library={
    **{f"photo_{key}": image.title for key, image in SAMPLE_IMAGES.items()},
    **{f"credit_{key}": image.credit for key, image in SAMPLE_IMAGES.items()},
    **{f"note_{key}": text for key, text in PLAIN_NOTES.items()},
})
