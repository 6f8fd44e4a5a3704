"""Published numbers the architecture explorer puts next to what it computes from the modules.

Sources: He et al., "Deep Residual Learning for Image Recognition" (2016), Table 1 (ImageNet) and
Section 4.2 / Table 6 (CIFAR-10); torchvision's weights metadata (``num_params``, ``_ops``).
"""

from __future__ import annotations

IMAGENET_DEPTHS = (18, 34, 50, 101, 152)
CIFAR_DEPTHS = (20, 32, 44, 56, 110, 1202)

# Paper Table 1, last row: "FLOPs" (which are multiply-adds), in units of 10^9.
PAPER_TABLE1_GFLOPS = {18: 1.8, 34: 3.6, 50: 3.8, 101: 7.6, 152: 11.3}
# Paper Table 1, "output size" column (side of the square map for a 224x224 input).
PAPER_OUTPUT_SIZE = {"conv1": 112, "maxpool": 56, "conv2_x": 56, "conv3_x": 28, "conv4_x": 14, "conv5_x": 7}
# torchvision weights metadata: GMACs ("_ops", stride on the 3x3 conv, "V1.5").
TORCHVISION_GMACS = {18: 1.814, 34: 3.664, 50: 4.089, 101: 7.801, 152: 11.514}

# CIFAR-10 (paper Table 6): parameters as printed (millions) and test error (%).
PAPER_CIFAR_PARAMS_M = {20: 0.27, 32: 0.46, 44: 0.66, 56: 0.85, 110: 1.7, 1202: 19.4}
PAPER_CIFAR_ERROR = {20: 8.75, 32: 7.51, 44: 7.17, 56: 6.97, 110: 6.43, 1202: 7.93}
# ResNet-110's 6.43 % is the best of 5 runs; the paper's Table 6 gives their mean and standard deviation too.
PAPER_CIFAR110_MEAN = (6.61, 0.16)

# Article 000's table of versions (what a popular write-up lists; the app checks it against the modules).
ARTICLE_BLOCKS = {"basic": "2-conv residual blocks (3×3, 3×3)",
                  "bottleneck": "3-conv bottleneck blocks (1×1, 3×3, 1×1)"}
ARTICLE_VERSIONS = {18: "basic", 34: "basic", 50: "bottleneck", 101: "bottleneck", 152: "bottleneck"}  # depth -> block
