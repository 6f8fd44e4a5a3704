"""The texts of the block page: table "block" of resnet_viz/locales/<language>.toml. The English of the library's own
names (weight presets, sample photos, the block family, the stages) comes from the library
itself."""

from resnet_viz.analyses.block import PAPER_CONV1_NOTE, stage_specs
from resnet_viz.analyses.block_family import FAMILY, SHORTCUT_MEMBERS, WIDTH_LABELS
from resnet_viz.analyses.block_weights import PRESETS
from resnet_viz.data import SAMPLE_IMAGES
from resnet_viz.i18n import Catalogue


def _library_english() -> dict[str, str]:
    texts = {f"preset_text_{key}": text for key, text in PRESETS.items()}
    texts |= {f"photo_{key}": image.title for key, image in SAMPLE_IMAGES.items()}
    texts |= {f"width_{key}": label for key, label in WIDTH_LABELS.items()}
    texts["note_conv1_paper"] = PAPER_CONV1_NOTE
    for spec in FAMILY + SHORTCUT_MEMBERS:
        texts |= {f"member_title_{spec.key}": spec.title, f"member_source_{spec.key}": spec.source,
                  f"member_text_{spec.key}": spec.description}
    for order in ("article", "paper"):
        for stage in stage_specs(order):
            texts.setdefault(f"label_{stage.key}", stage.label)
            if order == "article" or stage.key != "conv1":  # the paper's conv1 note adds "note_conv1_paper" to it
                texts.setdefault(f"note_{stage.key}", stage.note)
    return texts


TEXT = Catalogue("block", library=_library_english())
