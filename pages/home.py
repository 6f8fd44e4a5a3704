"""Home: what residual networks are, and the tour through the app."""

import streamlit as st

st.title("Residual networks, explained with real PyTorch models")
st.markdown(
    "**Why can a 152-layer network train when a 56-layer plain one trains worse than a 20-layer one?** "
    "Because each residual block only has to learn a *correction* F(x) to its input, and adds it back:"
)
st.latex(r"H(x) = \mathcal{F}(x) + x")
st.markdown(
    "If the best thing a block can do is nothing, it only has to push F(x) to zero, which is far easier "
    "than making a stack of convolutions and ReLUs reproduce its input exactly. And on the way back, the "
    "gradient reaches every earlier block through the identity path undiminished. Every chart in this app "
    "is computed live by the same PyTorch modules you could import in a notebook (`import resnet_viz`)."
)

st.subheader("The tour")
TOUR = [
    ("pages/block.py", "1 · Inside a residual block",
     "Step through one block on a (3, 64, 64) image: every intermediate tensor, every number of a convolution, "
     "and what happens when the residual branch is turned down to zero."),
    ("pages/architecture.py", "2 · Architecture explorer",
     "ResNet-18 to 152 and the CIFAR nets ResNet-20 to 1202: stages, shapes, parameters and multiply-adds, "
     "next to the paper's Table 1."),
    ("pages/feature_maps.py", "3 · Feature maps",
     "What every stage of a ResNet sees in an image, with the receptive field of each layer, beside the plain twin."),
    ("pages/gradient_flow.py", "4 · Gradient flow",
     "Where the gradients go in a 56-layer plain net versus a residual one, and the λ-shortcut law."),
    ("pages/degradation.py", "5 · The degradation problem",
     "Train plain and residual nets of 20 and 56 layers side by side and watch the deeper plain net train worse."),
    ("pages/attributions.py", "6 · Attributions",
     "Which pixels a trained ResNet looks at, with nine Captum methods and the sanity checks that keep them honest."),
]
for path, title, text in TOUR:
    with st.container(border=True):
        st.page_link(path, label=title)
        st.caption(text)

st.subheader("How to use it")
st.markdown(
    "- The **sidebar** holds the settings every page shares: the device (CPU works everywhere; a GPU is used "
    "when there is one), the random seed (same seed, same numbers), and where ImageNet weights come from.\n"
    "- Everything runs offline on built-in images and a synthetic shapes dataset. Pretrained ImageNet weights are "
    "optional and the app says so when they cannot be downloaded.\n"
    "- Results are cached: when a whole class asks for the same settings, the work is done once."
)

with st.expander("Where the source articles and the paper differ"):
    st.markdown(
        "The app follows *Deep Residual Learning for Image Recognition* (He et al., 2016) and *Identity Mappings "
        "in Deep Residual Networks* (He et al., 2016) and points out where popular write-ups simplify them:\n"
        "- **ReLU before the add.** A common worked example applies ReLU to F(x) before adding x. The paper adds "
        "first and applies ReLU after the sum, so F(x) can be negative and a block can also *subtract* from x.\n"
        "- **Vanishing gradients vs degradation.** Write-ups often say ResNets 'solve vanishing gradients'. The "
        "paper notes that normalised initialisation and batch normalisation already keep plain nets' gradients "
        "healthy; the degradation problem is that deeper plain nets are *harder to optimise* (higher training "
        "error), and residual learning makes that optimisation easy.\n"
        "- **Inputs are non-negative, so the final ReLU is an identity.** That holds only approximately: after the "
        "addition the sum can be negative. The pre-activation (v2) block removes the ReLU after the add so the "
        "shortcut really is an identity path.\n"
        "- **Heads and strides.** Some Keras versions of ResNet-34 end with a 512-unit dense layer after "
        "average pooling; the paper uses global average pooling and one fully connected layer. torchvision's "
        "ResNet-50/101/152 put the stride of a bottleneck on the 3×3 conv ('V1.5'), the paper on the first 1×1."
    )
