"""Text of the page "Architecture explorer" (pages/architecture.py), in English and simplified Chinese."""

from resnet_viz.i18n import Catalogue

TEXT = Catalogue(
    "architecture",
    en={
        # --------------------------------------------------------------- opening and controls
        "title": "Architecture explorer",
        "question": "**How big is each ResNet, and where do its parameters and multiply-adds go?**",
        "family": "Family",
        "family_imagenet": "ImageNet (224 × 224)",
        "family_cifar": "CIFAR-10 (32 × 32)",
        "depth": "Depth",
        "stride": "Where the bottleneck's stride sits (ResNet-50/101/152)",
        "stride_torchvision": "torchvision “V1.5”: on the 3×3 conv",
        "stride_paper": "paper: on the first 1×1 conv",
        "custom": "other 6n+2…",
        "custom_depth": "Depth 6n+2 (8…1202)",
        "shortcut": "Shortcut where the shape changes",
        "shortcut_A": "A (zero-pad)",
        "shortcut_B": "B (projection)",
        "shortcut_C": "C (all projection)",
        "shortcut_help": "A: subsample and pad the new channels with zeros, no parameters (the paper's CIFAR nets). "
                         "B: 1×1 projection where the shape changes. C: projection on every shortcut.",
        "block": "Block",
        "block_v1": "v1 (post-activation)",
        "block_v2": "v2 (pre-activation)",
        "bad_depth": "{depth} is not a depth of this family: a CIFAR ResNet has 6n+2 weighted layers (8, 14, 20, 32, "
                     "44, 56, 110, 1202, ...). Pick a depth such as {low} or {high}.",
        "counting": "Counting",
        "progress": "{label}: {name}",
        "count_error": "These layers could not be counted: {error}",
        # --------------------------------------------------------------- headline numbers
        "metric_params": "Parameters",
        "metric_macs": "Multiply-adds per image",
        "metric_macs_help": "torch.utils.flop_counter FLOPs ÷ 2",
        "metric_layers": "Weighted layers (convs + fc)",
        "summary": "**{name}** ({variant}): **{params_share}%** of its {params} parameters sit in **{params_row}**, "
                   "where the maps are small but the channels many. The largest share of the multiply-adds, "
                   "**{macs_share}%**, is in **{macs_row}**: a stage's cost follows its number of blocks, not its "
                   "width (see below).",
        # --------------------------------------------------------------- per stage
        "per_stage": "Per stage",
        "per_stage_caption": "Shapes, parameters and multiply-adds are measured on the PyTorch modules: the model is "
                             "built on the `meta` device and run once under `torch.utils.flop_counter."
                             "FlopCounterMode`. The counter reports FLOPs = 2 × multiply-adds for convolutions and the "
                             "fc layer and nothing for BN, ReLU, pooling and the addition; the table shows FLOPs ÷ 2, "
                             "the quantity the paper calls “FLOPs”. Parameters include BN's γ and β.",
        "latex_macs": "multiply-adds of a conv",
        "latex_params": "parameters",
        "stage_growth": "From one stage to the next the side halves, dividing $H_{{out}}W_{{out}}$ by 4, and the "
                        "channels double, multiplying $C_{{out}}C_{{in}}$ by 4: a block of {last} costs about as many "
                        "multiply-adds as a block of {first}, but has {factor} times its parameters. So a stage's "
                        "cost follows its number of blocks, and the parameters pile up at the end.",
        # --------------------------------------------------------------- block by block
        "block_by_block": "The network, block by block",
        "unit": "Show the layers of (or click a dot in the picture)",
        "unit_summary": "**{title}**: output {shape}, {params} parameters, {macs} multiply-adds.",
        # --------------------------------------------------------------- next to the paper
        "next_to_paper": "Next to the paper",
        "counting_five": "Counting all five",
        "table1_intro": "**The paper's Table 1, rebuilt from the modules** (each cell: kernel, channels of every conv "
                        "of a block, × blocks; the last three rows in multiply-adds):",
        "why_differ": "**Why ResNet-50/101/152 differ from Table 1.** In the paper the first block of conv3_x, conv4_x "
                      "and conv5_x halves the resolution with its *first 1×1* conv (stride 2). torchvision (following "
                      "Facebook's Torch re-implementation, often called ResNet “V1.5”) moves the stride to the *3×3* "
                      "conv: that 1×1 conv then runs on the full-size map, four times the positions. In the paper's "
                      "placement the stride-2 1×1 conv reads only one input position in four, so three quarters of "
                      "the block's input never reach its branch; in V1.5 every position is read. The parameters are "
                      "identical, so "
                      "the pretrained weights fit either placement. Measured on ResNet-50, the extra multiply-adds "
                      "are {extra}, in all {total}: per stage, three times one 1×1 conv at the halved resolution. "
                      "Basic-block nets (18, 34) have no 1×1 conv in the branch, so both placements agree. Table 1 "
                      "prints {paper_gmacs} G (paper placement) as 3.8.",
        "latex_delta": r"conv3\_x of ResNet-50: ",
        "counting_six": "Counting the paper's six",
        "cifar_paper": "The paper's CIFAR-10 nets (Section 4.2): a 3×3 conv, then 3 stages of n basic blocks on 32×32, "
                       "16×16 and 8×8 maps with 16, 32 and 64 filters, global average pooling and a 10-way fc, 6n+2 "
                       "weighted layers. Its shortcuts are option A: identity everywhere, and where the shape changes, "
                       "subsampling plus zero-padded channels, which adds no parameters. Options B and C (the selector "
                       "above) add 1×1 projections. The counts above use option A and v1 blocks, as in the paper's "
                       "Table 6.",
        # --------------------------------------------------------------- against depth
        "against_depth": "Parameters and multiply-adds against depth",
        "counting_imagenet": "Counting ImageNet nets",
        "counting_cifar": "Counting CIFAR nets (ResNet-1202 takes a few seconds once)",
        "depth_text": "From 34 to 50 layers the ImageNet parameters grow only from {r34} M to {r50} M: the "
                      "bottleneck's 1×1 convs shrink the channels before the expensive 3×3 conv. The CIFAR nets grow "
                      "linearly with depth (each block of a stage costs the same), so ResNet-1202 has {ratio} times "
                      "the parameters of ResNet-20, and in the paper a *higher* test error than ResNet-110 ({e1202}% "
                      "vs {e110}%, the best of 5 runs; their mean is {e110_mean}), which the"
                      " authors attribute to overfitting a 50k-image dataset with {c1202} M "
                      "parameters ({c110} M for ResNet-110).",
        # --------------------------------------------------------------- tutorials
        "tutorials": "What the tutorials' tables say, and where they differ from the modules and the paper",
        "col_model": "model",
        "col_seed_says": "tutorial (article 000) says",
        "col_block_type": "block type (from the modules)",
        "col_blocks": "blocks per stage",
        "col_layers": "weighted layers counted",
        "col_seed004": "conv2_x as in article 004's table",
        "seed_basic": "2-conv residual blocks (3×3, 3×3)",
        "seed_bottleneck": "3-conv bottleneck blocks (1×1, 3×3, 1×1)",
        "tutorials_text": "- The layer count in the name counts convolutions and the fc layer on the main path: "
                          "ResNet-50 = 1 + 16 blocks × 3 + 1. Projection shortcuts, BN, ReLU and pooling are not "
                          "counted.\n"
                          "- Article 004's table (ResNet-18/34/50) gives the kernels and channels of every stage but "
                          "no "
                          "output sizes and no cost; the per-stage table above adds both, and its “paper output size” "
                          "column matches the measured shapes.\n"
                          "- *“Every conv is followed by BN and ReLU”* (article 000): not quite. The last BN of each "
                          "branch goes straight into the addition; ReLU comes after x + F(x). Open any block in the "
                          "picture to see the order.\n"
                          "- Articles 000 and 004 use a 1×1 projection shortcut whenever the shape changes (option B, "
                          "as torchvision). The paper's CIFAR nets use option A, which has no parameters: compare "
                          "ResNet-20 with A and B above.\n"
                          "- Article 002's Keras ResNet-34 ends with a 2×2 average pool and a 512-unit dense layer; "
                          "the "
                          "paper ends with global average pooling and a single 1000-way fc (the last row of the "
                          "table).\n"
                          "- Popular write-ups quote Table 1's FLOPs as if they were torchvision's: for "
                          "ResNet-50/101/152 torchvision's stride placement costs about 0.23 G more multiply-adds (see "
                          "*Next to the paper*).",
        "list_sep": ", ",
        "code": "Show the code",
        "code_text": "The counting function behind every number on this page (`resnet_viz/analyses/architecture.py`):",
    },
    zh={
        "title": "网络结构浏览",
        "question": "**每个 ResNet 有多大？它的参数量和乘加次数都花在了哪里？**",
        "family": "系列",
        "family_imagenet": "ImageNet (224 × 224)",
        "family_cifar": "CIFAR-10 (32 × 32)",
        "depth": "深度",
        "stride": "瓶颈结构的步幅放在哪里（ResNet-50/101/152）",
        "stride_torchvision": "torchvision “V1.5”：放在 3×3 卷积上",
        "stride_paper": "论文：放在第一个 1×1 卷积上",
        "custom": "其他 6n+2……",
        "custom_depth": "深度 6n+2（8…1202）",
        "shortcut": "形状改变处的快捷连接",
        "shortcut_A": "A（零填充）",
        "shortcut_B": "B（投影）",
        "shortcut_C": "C（全部投影）",
        "shortcut_help": "A：下采样，新增的通道用零填充，没有参数（论文中的 CIFAR 网络）。B：形状改变处用 1×1 投影。"
                         "C：每个快捷连接都用投影。",
        "block": "残差块",
        "block_v1": "v1（后激活）",
        "block_v2": "v2（预激活）",
        "bad_depth": "{depth} 不是这个系列的深度：CIFAR ResNet 有 6n+2 个带权重的层（8、14、20、32、44、56、110、"
                     "1202……）。请选择 {low} 或 {high} 这样的深度。",
        "counting": "正在计数",
        "progress": "{label}：{name}",
        "count_error": "无法统计这些层：{error}",
        "metric_params": "参数量",
        "metric_macs": "每张图像的乘加次数",
        "metric_macs_help": "torch.utils.flop_counter 的 FLOPs ÷ 2",
        "metric_layers": "带权重的层数（卷积 + fc）",
        "summary": "**{name}**（{variant}）：{params} 个参数中有 **{params_share}%** 位于 **{params_row}**，"
                   "那里的特征图很小，但通道很多。乘加次数占比最大的是 **{macs_row}**，占 **{macs_share}%**："
                   "一个阶段的计算量取决于它的块数，而不是它的宽度（见下文）。",
        "per_stage": "各阶段",
        "per_stage_caption": "形状、参数量和乘加次数都是在 PyTorch 模块上实际测量的：模型建在 `meta` 设备上，并在 "
                             "`torch.utils.flop_counter.FlopCounterMode` 下运行一次。计数器对卷积和 fc 层报告 FLOPs = "
                             "2 × 乘加次数，对 BN、ReLU、池化和相加则不计；表中给出的是 FLOPs ÷ 2，也就是论文所说的 "
                             "“FLOPs”。参数量包括 BN 的 γ 和 β。",
        "latex_macs": "一次卷积的乘加次数",
        "latex_params": "参数量",
        "stage_growth": "从一个阶段到下一个阶段，特征图边长减半，$H_{{out}}W_{{out}}$ 除以 4；通道数加倍，"
                        "$C_{{out}}C_{{in}}$ 乘以 4。所以 {last} 的一个块与 {first} 的一个块乘加次数大致相同，参数量却"
                        "是它的 {factor} 倍。因此一个阶段的计算量取决于它的块数，而参数集中在网络的末端。",
        "block_by_block": "逐块查看网络",
        "unit": "显示其中各层（也可以点击图中的圆点）",
        "unit_summary": "**{title}**：输出 {shape}，{params} 个参数，{macs} 次乘加。",
        "next_to_paper": "与论文对照",
        "counting_five": "正在统计全部五个网络",
        "table1_intro": "**由模块重建的论文表 1**（每个单元格：一个块中每个卷积的卷积核与通道数，× 块数；最后三行为"
                        "乘加次数）：",
        "why_differ": "**为什么 ResNet-50/101/152 与表 1 不同。** 在论文中，conv3_x、conv4_x 和 conv5_x "
                      "的第一个块用它的*第一个 1×1* 卷积（步幅 2）把分辨率减半。torchvision（沿用 Facebook 的 Torch "
                      "复现，常称为 ResNet “V1.5”）把步幅移到了 *3×3* 卷积上：于是这个 1×1 "
                      "卷积在原尺寸的特征图上运行，位置数是原来的四倍。在论文的放置方式中，步幅为 2 的 1×1 卷积每四个"
                      "输入位置只读取一个，块的输入有四分之三到不了残差分支"
                      "；在 V1.5 中每个位置都会被读取。两者的参数完全"
                      "相同，所以预训练权重适用于任一种放置方式。在 ResNet-50 "
                      "上实测，多出的乘加次数为 {extra}，合计 {total}：每个阶段都是分辨率减半后一个 1×1 卷积的三倍。"
                      "基本块网络（18、34）的残差分支中没有 1×1 卷积，所以两种放置方式一致。表 1 把 {paper_gmacs} "
                      "G（论文的放置方式）印作 3.8。",
        "latex_delta": r"ResNet-50 的 conv3\_x：",
        "counting_six": "正在统计论文中的六个网络",
        "cifar_paper": "论文中的 CIFAR-10 网络（第 4.2 节）：一个 3×3 卷积，然后是 3 个阶段，每个阶段 n 个基本块，"
                       "特征图分别为 32×32、16×16 和 8×8，滤波器数分别为 16、32 和 64，最后是全局平均池化和一个 10 路 "
                       "fc，共 6n+2 个带权重的层。它的快捷连接采用选项 A：处处是恒等映射，形状改变处先下采样，"
                       "再对新增通道零填充，不增加任何参数。选项 B 和 C（上面的选择框）会加入 1×1 投影。"
                       "上面的统计使用选项 A 和 v1 块，与论文表 6 一致。",
        "against_depth": "参数量和乘加次数随深度的变化",
        "counting_imagenet": "正在统计 ImageNet 网络",
        "counting_cifar": "正在统计 CIFAR 网络（ResNet-1202 第一次需要几秒钟）",
        "depth_text": "从 34 层到 50 层，ImageNet 网络的参数量只从 {r34} M 增加到 {r50} M：瓶颈结构中的 1×1 "
                      "卷积在代价高昂的 3×3 卷积之前先减少了通道数。CIFAR 网络的规模随深度线性增长（同一阶段的每个块代"
                      "价相同），所以 ResNet-1202 的参数量是 ResNet-20 的 {ratio} 倍；在论文中它的测试误差反而*高于* "
                      "ResNet-110（{e1202}% 对 {e110}%，后者是 5 次运行中最好的一次，平均为 {e110_mean}"
                      "），作者将其归因于用 {c1202} M 个参数（ResNet-110 为 {c110} M）"
                      "拟合一个 5 万张图像的数据集而产生的过拟合。",
        "tutorials": "教程中的表格怎么说，以及它们与模块和论文的不同之处",
        "col_model": "模型",
        "col_seed_says": "教程（源文章 000）的说法",
        "col_block_type": "块的类型（来自模块）",
        "col_blocks": "每个阶段的块数",
        "col_layers": "统计的带权重层数",
        "col_seed004": "源文章 004 表格中的 conv2_x",
        "seed_basic": "含 2 个卷积的残差块 (3×3, 3×3)",
        "seed_bottleneck": "含 3 个卷积的瓶颈残差块 (1×1, 3×3, 1×1)",
        "tutorials_text": "- 名字中的层数统计的是主路径上的卷积层和 fc 层：ResNet-50 = 1 + 16 个块 × 3 + 1。"
                          "投影快捷连接、BN、ReLU 和池化都不计入。\n- 源文章 004 的表格（ResNet-18/34/50）"
                          "给出了每个阶段的卷积核和通道数，但没有输出尺寸，也没有计算量；"
                          "上面的各阶段表格补上了这两项，其中“论文中的输出尺寸”一列与实测的形状一致。\n- "
                          "*“每个卷积后面都跟着 BN 和 ReLU”*（源文章 000）：并不完全如此。每个残差分支的最后一个 BN "
                          "直接进入相加；ReLU 在 x + F(x) 之后。在图中打开任意一个块即可看到顺序。\n"
                          "- 源文章 000 和 004 "
                          "在形状改变时都使用 1×1 投影快捷连接（选项 B，与 torchvision 相同）。论文中的 CIFAR "
                          "网络使用没有参数的选项 A：可以在上面比较 ResNet-20 使用 A 和 B 的结果。\n- 源文章 002 中 "
                          "Keras 版的 ResNet-34 以一个 2×2 平均池化和一个 512 单元的全连接层结尾；"
                          "论文则以全局平均池化和单个 1000 路 fc 结尾（表格的最后一行）。\n- 流行的文章把表 1 的 "
                          "FLOPs 当作 torchvision 的数字来引用：对 ResNet-50/101/152，torchvision "
                          "的步幅放置方式要多出约 0.23 G 次乘加（见*与论文对照*）。",
        "list_sep": "、",
        "code": "显示代码",
        "code_text": "本页每个数字背后的计数函数（`resnet_viz/analyses/architecture.py`）：",
    },
)
