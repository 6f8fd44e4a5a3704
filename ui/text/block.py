"""Text of the page "Inside a residual block" (pages/block.py), in English and simplified Chinese."""

from resnet_viz.i18n import Catalogue

TEXT = Catalogue(
    "block",
    en={
        # --------------------------------------------------------------- opening
        "title": "Inside a residual block",
        "intro": "**What does the skip connection add?** The input itself. A residual block computes a correction "
                 "F(x) with its convolutions and adds x back, element by element, so its output is x plus whatever "
                 "the branch learnt. Below, every number is computed live by the block of article 000's worked "
                 "example: "
                 "a (3, 64, 64) picture, two 3×3 convolutions of 3 filters each, the skip addition and a final ReLU.",
        # --------------------------------------------------------------- the experiment
        "experiment": "**The experiment** (the random seed in the sidebar fixes the random weights and the pattern)",
        "input_x": "Input x",
        "source_photo": "A built-in photo",
        "source_pattern": "A synthetic pattern",
        "source_upload": "My own picture",
        "upload": "Picture (PNG, JPEG, ...)",
        "upload_wait": "Choose a picture; until then the cat is used.",
        "upload_error": "{error} The cat is used instead.",
        "photo": "Photo",
        "photo_cat": "Chelsea the cat",
        "photo_coffee": "A cup of coffee",
        "photo_astronaut": "Astronaut Eileen Collins",
        "photo_grace_hopper": "Grace Hopper",
        "photo_rocket": "A rocket launch",
        "input_caption": "Centre square resized to {size}×{size}, values in [0, 1].",
        "order": "Order of the operations",
        "order_seed": "Article 000: ReLU on F(x), then add",
        "order_paper": "The paper: conv-BN-ReLU-conv-BN, add, then ReLU",
        "bn": "BN normalises with",
        "bn_batch": "this image's statistics",
        "bn_fresh": "untrained statistics (μ = 0, σ² = 1)",
        "bn_help": "batch: this image's statistics (what BN uses while training) · fresh: untrained running "
                   "statistics (mean 0, variance 1: BN only divides by sqrt(1 + eps))",
        "weights": "Weights",
        "preset_edges": "Edge detectors (Sobel)",
        "preset_identity": "Identity-like",
        "preset_he": "He initialisation",
        "preset_random": "Seeded random",
        "preset_text_edges": "Edge detectors: conv1 = Sobel x, Sobel y, Laplacian of the grey image; conv2 passes "
                             "them on",
        "preset_text_identity": "Identity-like: centre tap 1 from channel c to channel c, everything else 0",
        "preset_text_he": "He initialisation (normal, std = sqrt(2 / 27)), zero bias: what training starts from",
        "preset_text_random": "Seeded random: PyTorch's default uniform initialisation, bias included",
        "scale": "Residual branch scale s",
        "scale_help": "out = ReLU(x + s·F(x)). At s = 0 the branch is switched off.",
        "scale_caption": "Slide to 0 to switch the residual branch off (section 2).",
        "edit": "Edit a kernel by hand",
        "edit_layer": "Layer",
        "edit_out": "Output channel",
        "edit_in": "Input channel",
        "edit_undo": "Undo all edits",
        "col_0": "v = 0 (left)",
        "col_1": "v = 1",
        "col_2": "v = 2 (right)",
        "row_0": "u = 0 (top)",
        "row_1": "u = 1",
        "row_2": "u = 2 (bottom)",
        "kernel_error": "{error} The kernel keeps its previous values (entries between -{limit:g} and {limit:g}).",
        "kernel_caption": "The kernel {layer}.weight[{out_c}, {in_c}] multiplies input channel {in_c} to make output "
                          "channel {out_c}. Entries between -{limit:g} and {limit:g}. Edited kernels: {count}; "
                          "changing the weight preset undoes them.",
        # --------------------------------------------------------------- the answer
        "overview_title": "The whole block at once<br><sup>each column a stage (left to right), each row a channel; "
                          "every column has its own colour bar</sup>",
        "summary": "With these weights the branch produces **F(x) between {f_min:.3f} and {f_max:.3f}**; the skip "
                   "connection adds it to x, which lies between {x_min:.3f} and {x_max:.3f}. On average the block "
                   "changes each of the {size} values by **{mean:.4f}** (largest change {largest:.4f}), and the "
                   "final ReLU changed **{clipped}** of them. ",
        "summary_seed": "In article 000's order F(x) ≥ 0, so the block can only add to x.",
        "summary_paper": "In the paper's order F(x) is signed, so the block can also subtract from x.",
        # --------------------------------------------------------------- 1. step through
        "step_header": "1 · Step through the block",
        "back": "◀ Back",
        "next": "Next ▶",
        "play": "Play",
        "play_help": "Walks through every stage, about two per second.",
        "stepper_jump": "Show this stage",
        "stepper_skip": "identity shortcut: x is carried to the addition unchanged",
        "stepper_where": "stage {k} of {n}",
        "stepper_hover": "{name}, row {i}, column {j}: click to compute this number by hand below",
        "stepper_hint": "Point at a map to read a position; click a pixel to compute it by hand below.",
        "stepper_value": "value",
        "stage_text": "**{label}** · shape **{shape}** · values from **{low:.4f}** to **{high:.4f}** · {count} "
                      "numbers. {note}",
        "maps_title": "{label}: the {channels} channels of a {shape} tensor",
        "maps_click": " (click a pixel to explain it)",
        "label_x": "x",
        "label_conv1": "conv1",
        "label_bn1": "BN1",
        "label_relu1": "ReLU1",
        "label_conv2": "conv2",
        "label_bn2": "BN2",
        "label_relu2": "ReLU2",
        "label_F(x)": "F(x) = s·branch",
        "label_x + F(x)": "x + F(x)",
        "label_out": "out = ReLU",
        "note_x": "The input: the picture's red, green and blue channels, scaled to [0, 1].",
        "note_conv1": "Each output channel sums a 3x3 window over all three input channels, weighted by its kernel.",
        "note_conv1_paper": " No bias: the BN that follows has its own shift beta.",
        "note_bn1": "Batch normalisation: subtract the channel's mean, divide by its standard deviation, then "
                    "scale by gamma and shift by beta.",
        "note_relu1": "Negative values become 0.",
        "note_conv2": "The second 3x3 convolution, on the first one's activations.",
        "note_bn2": "The branch ends with BN and no ReLU, so F(x) can be negative.",
        "note_relu2": "The seed applies ReLU before the add, so F(x) can never be negative.",
        "note_F(x)": "The residual branch's output, scaled by s (s = 1 is the ordinary block).",
        "note_x + F(x)": "The skip connection: the input is added back, element by element.",
        "note_out": "The final ReLU after the addition gives the block's output H(x).",
        # --------------------------------------------------------------- formula view
        "formula_header": "Where does one number come from?",
        "formula_intro": "Pick a position by clicking a pixel in the maps above, or with the numbers below. The "
                         "square marks it (and, for a convolution, the 3×3 window it reads from the stage before).",
        "pos_c": "Channel c",
        "pos_i": "Row i",
        "pos_j": "Column j",
        "conv_window": "The kernel of output channel {c} covers rows {r0} to {r1} and columns {c0} to {c1} of all "
                       "{channels} input channels of **{source}**: 27 products. ",
        "conv_padded": "Here {padded} of the 9 window positions fall outside the {height}×{width} map; padding 1 "
                       "puts zeros there, which is why edge detectors light up along the border.",
        "conv_inside": "The window lies fully inside the map, so no padding is involved.",
        "conv_sum": " Sum of products {products:.6f} + bias {bias:.6f} = **{total:.6f}**.",
        "terms": "All 27 terms as a table",
        "t_channel": "input channel k",
        "t_row": "row",
        "t_column": "column",
        "t_input": "input value",
        "t_padding": "padding",
        "t_weight": "weight",
        "t_product": "product",
        "check": "The block's own tensor holds **{tensor:.6f}** at [{c}, {i}, {j}]; the hand computation above gives "
                 "**{value:.6f}** (difference {diff:.1e}: float32 rounding in PyTorch against float64 here).",
        "code_block": "Show the code: the block and the hand computation",
        # --------------------------------------------------------------- 2. residual idea
        "residual_header": "2 · Turn the residual branch down to zero",
        "residual_intro": "Article 003's argument: if the extra layers would only make things worse, training can push "
                          "F(x) to zero and the block passes x straight through, so a deeper residual net is never "
                          "forced to be worse than a shallower one. Here the branch is scaled by s instead of "
                          "trained:",
        "residual_result": "At s = 1 the block moves the values by {first:.4f} on average; at s = 0 by "
                           "**{last:.4f}**: the output is exactly x, because x is a picture (all values ≥ 0) and "
                           "ReLU leaves non-negative numbers alone. The final ReLU clipped {clipped_first} of {size} "
                           "values at s = 1 and {clipped_last} at s = 0.",
        "residual_info": "Article 003 also says the ReLU after the addition can be ignored because 'the inputs are "
                         "non-negative'. That holds only approximately: x ≥ 0, but in the paper's order F(x) can be "
                         "negative and x + F(x) then drops below zero, where the ReLU does change the sum (switch to "
                         "the paper's order above and watch the count). The pre-activation block (v2, section 4) "
                         "removes that ReLU, so its shortcut is an exact identity.",
        # --------------------------------------------------------------- 3. seed vs paper
        "orders_header": "3 · Article 000's order versus the paper's",
        "orders_intro": "Article 000 writes the block as y₂ = ReLU(W₂ * y₁ + b₂), out = ReLU(y₂ + x): the branch ends "
                        "in "
                        "a ReLU, so F(x) ≥ 0 and the block can only ever *add* to x. The paper (and articles 003, 004) "
                        "ends the branch with BN and no ReLU, adds, and only then applies ReLU, so F(x) is signed "
                        "and the block can also *subtract*.",
        "latex_seed": "seed: ",
        "latex_paper": "paper: ",
        "c_order": "order",
        "c_seed": "article 000",
        "c_paper": "paper",
        "c_fmin": "F(x) min",
        "c_fmax": "F(x) max",
        "c_negative": "values with F(x) < 0",
        "c_lowered": "values where out < x",
        "c_clipped": "values the final ReLU changed",
        "orders_caption": "Counts are out of the {size} values of the (3, 64, 64) tensor. In the paper's order a "
                          "value drops below x exactly where F(x) < 0 (and x > 0), and the final ReLU acts exactly "
                          "where x + F(x) < 0. With BN normalising the branch to unit variance, F(x) is large next to "
                          "pixel values in [0, 1]; trained networks learn a small BN scale γ here, and some "
                          "initialise it to 0 so that every block starts out as the identity.",
        "conv2_never_negative": "Here conv2 never outputs a negative value, so without BN the two orders would "
                                "compute the same F(x): with these weights BN alone makes the difference. Try He "
                                "initialisation to see article 000's extra ReLU matter.",
        "conv2_negative": "Take BN out of the picture (untrained BN only divides by √(1 + ε)) and the two orders "
                          "compute the same F(x) wherever conv2's output is ≥"
                          " 0 (largest gap {gap:.1e}: that factor 1/√(1 + ε), "
                          "ε = 1e-5, shrinks each value by about 5e-6 of itself). "
                          "They differ at exactly the **{count}** positions where conv2's output is negative: the "
                          "article 000's ReLU sets them to 0, the paper keeps them negative.",
        "conv2_bias": "The random preset gives article 000's convolutions a bias, which the paper's convolutions "
                      "(followed by BN) do not have; pick another preset to compare the two branches value by value.",
        "channel": "Channel",
        # --------------------------------------------------------------- 4. family
        "family_header": "4 · The block family",
        "family_running": "Running the block family...",
        "family_intro": "The same picture goes through a CIFAR-style stem (3×3 conv to 16 channels, BN, ReLU) and "
                        "then through each block below, built from this project's modules with He initialisation "
                        "(seed from the sidebar). BN uses the input's own statistics, as during training. Parameter "
                        "counts are read from the modules.",
        "params": "Parameters",
        "params_split": "{branch} in the branch, {shortcut} in the shortcut · {shape_in} → {shape_out}",
        "f_block": "block",
        "f_in": "input shape",
        "f_out": "output shape",
        "f_params": "parameters",
        "f_min": "output min",
        "f_max": "output max",
        "f_mean": "output mean",
        "f_negative": "% negative",
        "f_zero": "% exactly 0",
        "family_result": "Only v2 has negative outputs: nothing follows its addition. The bottleneck keeps the "
                         "16-channel width with {bottleneck} parameters instead of {v1}. At the paper's widths:",
        "width_basic64": "basic block, 64 channels (ResNet-18/34, conv2_x)",
        "width_basic256": "basic block, 256 channels (if ResNet-50 used basic blocks)",
        "width_bottleneck": "bottleneck, 256 → 64 → 256 channels (ResNet-50/101/152, conv2_x)",
        "member_title_v1": "v1: basic block, post-activation",
        "member_source_v1": "article 001 (res_block_v1), article 002 (identity block), article 004",
        "member_text_v1": "The paper's block for ResNet-18/34: conv-BN-ReLU-conv-BN, add x, then ReLU.",
        "member_title_v2": "v2: pre-activation block",
        "member_source_v2": "article 001 (res_block_v2)",
        "member_text_v2": "BN and ReLU move in front of each conv and nothing follows the addition, so the shortcut "
                          "is a pure identity from block to block (He et al., Identity Mappings, 2016).",
        "member_title_bottleneck": "Bottleneck: 1×1 → 3×3 → 1×1",
        "member_source_bottleneck": "article 000, article 003 (ResNet-50/101/152)",
        "member_text_bottleneck": "A 1×1 conv shrinks the channels by 4, the 3×3 conv works on the thin tensor, a "
                                  "1×1 conv expands back: far fewer parameters for the same input and output width.",
        "member_title_down": "Downsampling block with a 1×1 projection",
        "member_source_down": "article 002 (convolutional block), article 004",
        "member_text_down": "The first conv has stride 2 and twice the filters, so F(x) is half the size with twice "
                            "the channels; the shortcut W_s (1×1 conv, stride 2, + BN) reshapes x to match.",
        "member_title_option A": "Shortcut option A",
        "member_source_option A": "article 003 (the paper's options A / B / C)",
        "member_text_option A": "Where the shape changes, subsample x and fill the new channels with zeros: no "
                                "parameters, but the zero channels get no shortcut at all.",
        "member_title_option B": "Shortcut option B",
        "member_source_option B": "article 003 (the paper's options A / B / C)",
        "member_text_option B": "Where the shape changes, a learned 1×1 projection; identity everywhere else (what "
                                "torchvision and this app's ImageNet nets use).",
        "member_title_option C": "Shortcut option C",
        "member_source_option C": "article 003 (the paper's options A / B / C)",
        "member_text_option C": "Every shortcut is a 1×1 projection, even where the shape stays: slightly better in "
                                "the paper, but more parameters and memory.",
        "shortcut_header": "Shortcut options A, B and C (article 003)",
        "shortcut_intro": "When a stage halves the map and doubles the channels, x no longer fits F(x). The paper "
                          "tried three fixes, each shown on the same two-block stage (one downsampling block, one "
                          "that keeps the shape), built by the CIFAR ResNet code of this app:",
        "member_heading": "**{title}**: {description}",
        "params_two": "Parameters (2 blocks)",
        "params_shortcut": "{count} of them in shortcuts",
        "shortcut_result": "With option A, {zero} of the 32 shortcut channels are exactly zero: those channels get no "
                           "shortcut, only F(x), which is why the paper finds B slightly better than A. C adds a "
                           "projection even where the shape stays the same; it was slightly better again, but the "
                           "paper keeps B, since projections are not essential for solving the degradation problem "
                           "and cost memory and time.",
        "code_shortcut": "Show the code: how the shortcut is chosen",
    },
    zh={
        # --------------------------------------------------------------- opening
        "title": "残差块内部",
        "intro": "**跳跃连接加上了什么？** 加上的就是输入本身。残差块用它的卷积计算出一个修正量 F(x)，再逐元素地把 x "
                 "加回来，所以它的输出是 x 加上残差分支学到的东西。下面的每一个数值都由源文章 000 计算示例中的残差块"
                 "实时算出：一张 (3, 64, 64) 的图片，两个各有 3 个卷积核的 3×3 卷积，跳跃连接的加法，以及最后的 ReLU。",
        # --------------------------------------------------------------- the experiment
        "experiment": "**实验设置**（侧边栏中的随机种子决定随机权重和合成图案）",
        "input_x": "输入 x",
        "source_photo": "内置照片",
        "source_pattern": "合成图案",
        "source_upload": "我自己的图片",
        "upload": "图片（PNG、JPEG 等）",
        "upload_wait": "请选择一张图片；在此之前使用猫的照片。",
        "upload_error": "{error}改用猫的照片。",
        "photo": "照片",
        "photo_cat": "猫咪 Chelsea",
        "photo_coffee": "一杯咖啡",
        "photo_astronaut": "宇航员 Eileen Collins",
        "photo_grace_hopper": "Grace Hopper",
        "photo_rocket": "火箭发射",
        "input_caption": "取中心正方形并缩放到 {size}×{size}，数值在 [0, 1] 之间。",
        "order": "运算顺序",
        "order_seed": "源文章 000：先对 F(x) 做 ReLU，再相加",
        "order_paper": "论文：卷积-BN-ReLU-卷积-BN，相加，再做 ReLU",
        "bn": "BN 归一化所用的统计量",
        "bn_batch": "这张图片自身的统计量",
        "bn_fresh": "未训练的统计量（μ = 0，σ² = 1）",
        "bn_help": "batch：这张图片自身的统计量（批归一化在训练时使用的）· fresh：未训练的滑动统计量（均值 0、"
                   "方差 1：BN 只是除以 sqrt(1 + eps)）",
        "weights": "权重",
        "preset_edges": "边缘检测器（Sobel）",
        "preset_identity": "近似恒等映射",
        "preset_he": "He 初始化",
        "preset_random": "按种子随机",
        "preset_text_edges": "边缘检测器：conv1 = 灰度图的 Sobel x、Sobel y 和拉普拉斯算子；conv2 原样传递它们",
        "preset_text_identity": "近似恒等映射：从通道 c 到通道 c 的卷积核中心为 1，其余全为 0",
        "preset_text_he": "He 初始化（正态分布，std = sqrt(2 / 27)），偏置为零：训练开始时的状态",
        "preset_text_random": "按种子随机：PyTorch 默认的均匀分布初始化，包括偏置",
        "scale": "残差分支缩放系数 s",
        "scale_help": "out = ReLU(x + s·F(x))。s = 0 时残差分支被关闭。",
        "scale_caption": "拖到 0 即可关闭残差分支（见第 2 节）。",
        "edit": "手动编辑卷积核",
        "edit_layer": "层",
        "edit_out": "输出通道",
        "edit_in": "输入通道",
        "edit_undo": "撤销所有修改",
        "col_0": "v = 0（左）",
        "col_1": "v = 1",
        "col_2": "v = 2（右）",
        "row_0": "u = 0（上）",
        "row_1": "u = 1",
        "row_2": "u = 2（下）",
        "kernel_error": "卷积核的每个元素都必须是 -{limit:g} 到 {limit:g} 之间的有限数值；卷积核保留原来的数值。"
                        "（详情：{error}）",
        "kernel_caption": "卷积核 {layer}.weight[{out_c}, {in_c}] 作用于输入通道 {in_c}，生成输出通道 {out_c}。"
                          "元素取值在 -{limit:g} 到 {limit:g} 之间。已修改的卷积核：{count} 个；"
                          "更换权重预设会撤销这些修改。",
        # --------------------------------------------------------------- the answer
        "overview_title": "整个残差块一览<br><sup>每一列是一个阶段（从左到右），每一行是一个通道；"
                          "每一列有自己的色标</sup>",
        "summary": "在这组权重下，残差分支给出的 **F(x) 介于 {f_min:.3f} 和 {f_max:.3f} 之间**；跳跃连接把它加到 x 上，"
                   "x 介于 {x_min:.3f} 和 {x_max:.3f} 之间。残差块平均把 {size} 个数值中的每一个改变了 **{mean:.4f}**"
                   "（最大改变 {largest:.4f}），最后的 ReLU 改变了其中 **{clipped}** 个。",
        "summary_seed": "按源文章 000 的顺序，F(x) ≥ 0，所以残差块只能在 x 上做加法。",
        "summary_paper": "按论文的顺序，F(x) 可正可负，所以残差块也能从 x 中减去一部分。",
        # --------------------------------------------------------------- 1. step through
        "step_header": "1 · 逐步执行残差块",
        "back": "◀ 上一步",
        "next": "下一步 ▶",
        "play": "播放",
        "play_help": "依次走过每个阶段，大约每秒两个。",
        "stepper_jump": "显示这个阶段",
        "stepper_skip": "恒等捷径：x 原样送到加法",
        "stepper_where": "第 {k} / {n} 个阶段",
        "stepper_hover": "{name}，第 {i} 行，第 {j} 列：点击后在下方手算这个数",
        "stepper_hint": "把鼠标移到图上可读出位置；点击像素，在下方手算它的值。",
        "stepper_value": "数值",
        "stage_text": "**{label}** · 形状 **{shape}** · 数值从 **{low:.4f}** 到 **{high:.4f}** · "
                      "共 {count} 个数。{note}",
        "maps_title": "{label}：一个 {shape} 张量的 {channels} 个通道",
        "maps_click": "（点击像素查看它的计算过程）",
        "label_x": "x",
        "label_conv1": "conv1",
        "label_bn1": "BN1",
        "label_relu1": "ReLU1",
        "label_conv2": "conv2",
        "label_bn2": "BN2",
        "label_relu2": "ReLU2",
        "label_F(x)": "F(x) = s·分支",
        "label_x + F(x)": "x + F(x)",
        "label_out": "out = ReLU",
        "note_x": "输入：图片的红、绿、蓝三个通道，缩放到 [0, 1]。",
        "note_conv1": "每个输出通道用自己的卷积核，对全部三个输入通道上的 3×3 窗口加权求和。",
        "note_conv1_paper": "没有偏置：后面的 BN 有自己的平移量 beta。",
        "note_bn1": "批归一化：减去该通道的均值，除以它的标准差，再乘以 gamma、加上 beta。",
        "note_relu1": "负值变为 0。",
        "note_conv2": "第二个 3×3 卷积，作用在第一个卷积的激活值上。",
        "note_bn2": "残差分支以 BN 结束，后面没有 ReLU，所以 F(x) 可以为负。",
        "note_relu2": "源文章 000 在相加之前做 ReLU，所以 F(x) 永远不会为负。",
        "note_F(x)": "残差分支（公式中记作 branch）的输出乘以 s（s = 1 就是普通的残差块）。",
        "note_x + F(x)": "跳跃连接：把输入逐元素地加回来。",
        "note_out": "相加之后的最后一个 ReLU 给出残差块的输出 H(x)。",
        # --------------------------------------------------------------- formula view
        "formula_header": "一个数值是怎么算出来的？",
        "formula_intro": "在上面的特征图中点击一个像素，或用下面的数字选择一个位置。方框标出这个位置（对卷积而言，"
                         "还标出它从前一阶段读取的 3×3 窗口）。",
        "pos_c": "通道 c",
        "pos_i": "行 i",
        "pos_j": "列 j",
        "conv_window": "输出通道 {c} 的卷积核覆盖 **{source}** 全部 {channels} 个输入通道的第 {r0} 到 {r1} 行、"
                       "第 {c0} 到 {c1} 列：共 27 个乘积。",
        "conv_padded": "这里窗口的 9 个位置中有 {padded} 个落在 {height}×{width} 的特征图之外；填充 1 在这些位置补零，"
                       "这就是边缘检测器会沿着图像边框亮起来的原因。",
        "conv_inside": "窗口完全位于特征图内部，因此不涉及填充。",
        "conv_sum": "乘积之和 {products:.6f} + 偏置 {bias:.6f} = **{total:.6f}**。",
        "terms": "以表格列出全部 27 项",
        "t_channel": "输入通道 k",
        "t_row": "行",
        "t_column": "列",
        "t_input": "输入值",
        "t_padding": "填充",
        "t_weight": "权重",
        "t_product": "乘积",
        "check": "残差块自己的张量在 [{c}, {i}, {j}] 处的值为 **{tensor:.6f}**；上面的手工计算得到 **{value:.6f}**"
                 "（差值 {diff:.1e}：来自 PyTorch 的 float32 与这里 float64 之间的舍入误差）。",
        "code_block": "查看代码：残差块与手工计算",
        # --------------------------------------------------------------- 2. residual idea
        "residual_header": "2 · 把残差分支调到零",
        "residual_intro": "源文章 003 的论证：如果多出来的层只会让结果变差，训练可以把 F(x) 推向零，残差块就直接把 x "
                          "传过去，因此更深的残差网络永远不会被迫比更浅的差。这里不做训练，而是用 s 缩放残差分支：",
        "residual_result": "s = 1 时，残差块平均把数值改变 {first:.4f}；s = 0 时改变 **{last:.4f}**：输出恰好等于 x，"
                           "因为 x 是一张图片（所有数值 ≥ 0），而 ReLU 不改变非负数。s = 1 时最后的 ReLU 截断了 "
                           "{size} 个数值中的 {clipped_first} 个，s = 0 时截断了 {clipped_last} 个。",
        "residual_info": "源文章 003 还说，相加之后的 ReLU 可以忽略，因为“输入输出的元素值均为非负数”。这只是近似成立："
                         "x ≥ 0，但按论文的顺序 F(x) 可以为负，x + F(x) 就会小于零，此时 ReLU 确实改变了和（在上面切换"
                         "到论文的顺序，观察计数的变化）。预激活残差块（v2，见第 4 节）去掉了这个 ReLU，因此它的快捷"
                         "连接是"
                         "严格的恒等映射。",
        # --------------------------------------------------------------- 3. seed vs paper
        "orders_header": "3 · 源文章 000 的顺序与论文的顺序",
        "orders_intro": "源文章 000 把残差块写成 y₂ = ReLU(W₂ * y₁ + b₂)，out = ReLU(y₂ + x)：残差分支以 ReLU 结束，"
                        "所以 F(x) ≥ 0，残差块只能在 x 上*加*。论文（以及源文章 003、004）让残差分支以 BN 结束、不接 "
                        "ReLU，先相加，之后才做 ReLU，所以 F(x) 可正可负，残差块也能*减*。",
        "latex_seed": "源文章 000：",
        "latex_paper": "论文：",
        "c_order": "顺序",
        "c_seed": "源文章 000",
        "c_paper": "论文",
        "c_fmin": "F(x) 最小值",
        "c_fmax": "F(x) 最大值",
        "c_negative": "F(x) < 0 的数值个数",
        "c_lowered": "out < x 的数值个数",
        "c_clipped": "被最后的 ReLU 改变的数值个数",
        "orders_caption": "计数以 (3, 64, 64) 张量的 {size} 个数值为总数。按论文的顺序，一个数值恰好在 F(x) < 0"
                          "（且 x > 0）处小于 x，而最后的 ReLU 恰好在 x + F(x) < 0 处起作用。由于 BN 把残差分支归一化到"
                          "单位方差，F(x) 相对于 [0, 1] 之间的像素值很大；训练好的网络会在这里学到一个很小的 BN 缩放 "
                          "γ，"
                          "有的做法还把它初始化为 0，让每个残差块一开始都是恒等映射。",
        "conv2_never_negative": "这里 conv2 从不输出负值，所以去掉 BN 后两种顺序会算出相同的 F(x)：在这组权重下，"
                                "差别完全来自 BN。试试 He 初始化，看看源文章 000 多出的 ReLU 何时起作用。",
        "conv2_negative": "把 BN 排除在外（未训练的 BN 只是除以 √(1 + ε)），两种顺序在 conv2 输出 ≥ 0 的位置算出相同的 "
                          "F(x)（最大差距 {gap:.1e}：来自上面的因子 1/√(1 + ε)，ε = 1e-5，它"
                          "把每个值缩小约自身的 5e-6）。它们恰好在 conv2 输出为负的 **{count}** 个位置"
                          "不同：源文章 000 的 ReLU 把这些值置为 0，论文则保留负值。",
        "conv2_bias": "“按种子随机”预设给源文章 000 的卷积加上了偏置，而论文中的卷积（后接 BN）没有偏置；换一个预设，"
                      "才能逐个数值地比较两个残差分支。",
        "channel": "通道",
        # --------------------------------------------------------------- 4. family
        "family_header": "4 · 残差块家族",
        "family_running": "正在运行残差块家族……",
        "family_intro": "同一张图片先经过 CIFAR 风格的起始层（3×3 卷积到 16 个通道、BN、ReLU），再分别经过下面的每个"
                        "残差块。这些残差块由本项目的模块构建，使用 He 初始化（种子取自侧边栏）。BN 使用输入自身的统"
                        "计量，"
                        "与训练时一样。参数量直接从模块中读取。",
        "params": "参数量",
        "params_split": "残差分支中 {branch} 个，快捷连接中 {shortcut} 个 · {shape_in} → {shape_out}",
        "f_block": "残差块",
        "f_in": "输入形状",
        "f_out": "输出形状",
        "f_params": "参数量",
        "f_min": "输出最小值",
        "f_max": "输出最大值",
        "f_mean": "输出均值",
        "f_negative": "负值占比 %",
        "f_zero": "恰为 0 的占比 %",
        "family_result": "只有 v2 有负的输出：它的加法之后没有任何运算。瓶颈结构保持 16 个通道的宽度，只用 "
                         "{bottleneck} 个参数，而不是 {v1} 个。按论文中的宽度：",
        "width_basic64": "基本残差块，64 个通道（ResNet-18/34，conv2_x）",
        "width_basic256": "基本残差块，256 个通道（假如 ResNet-50 使用基本残差块）",
        "width_bottleneck": "瓶颈结构，256 → 64 → 256 个通道（ResNet-50/101/152，conv2_x）",
        "member_title_v1": "v1：基本残差块，后激活",
        "member_source_v1": "源文章 001（res_block_v1）、源文章 002（恒等块）、源文章 004",
        "member_text_v1": "论文中 ResNet-18/34 使用的残差块：卷积-BN-ReLU-卷积-BN，加上 x，再做 ReLU。",
        "member_title_v2": "v2：预激活残差块",
        "member_source_v2": "源文章 001（res_block_v2）",
        "member_text_v2": "BN 和 ReLU 移到每个卷积之前，相加之后不再有任何运算，因此快捷连接在块与块之间是纯粹的"
                          "恒等映射（He 等，Identity Mappings，2016）。",
        "member_title_bottleneck": "瓶颈结构：1×1 → 3×3 → 1×1",
        "member_source_bottleneck": "源文章 000、源文章 003（ResNet-50/101/152）",
        "member_text_bottleneck": "1×1 卷积把通道数缩小为 1/4，3×3 卷积在变窄的张量上计算，再由 1×1 卷积恢复通道数："
                                  "输入和输出宽度相同，参数却少得多。",
        "member_title_down": "带 1×1 投影的下采样残差块",
        "member_source_down": "源文章 002（卷积块）、源文章 004",
        "member_text_down": "第一个卷积的步幅为 2、卷积核数量加倍，所以 F(x) 尺寸减半、通道数加倍；快捷连接 W_s"
                            "（1×1 卷积，步幅 2，+ BN）把 x 变换成相同的形状。",
        "member_title_option A": "快捷连接选项 A",
        "member_source_option A": "源文章 003（论文的选项 A / B / C）",
        "member_text_option A": "在形状改变处，对 x 下采样，并用零填充新增的通道：没有参数，但零通道完全没有快捷连接。",
        "member_title_option B": "快捷连接选项 B",
        "member_source_option B": "源文章 003（论文的选项 A / B / C）",
        "member_text_option B": "在形状改变处使用可学习的 1×1 投影，其他地方都是恒等映射（torchvision 和本应用的 "
                                "ImageNet 网络采用的就是这种）。",
        "member_title_option C": "快捷连接选项 C",
        "member_source_option C": "源文章 003（论文的选项 A / B / C）",
        "member_text_option C": "所有快捷连接都是 1×1 投影，即使形状不变也是如此：论文中效果略好，但参数和内存更多。",
        "shortcut_header": "快捷连接的选项 A、B 和 C（源文章 003）",
        "shortcut_intro": "当一个阶段把特征图减半、通道数加倍时，x 就与 F(x) 的形状对不上了。论文尝试了三种解决办法，"
                          "下面每一种都用同样的两块阶段来展示（一个下采样残差块，一个保持形状的残差块），由本应用的 "
                          "CIFAR ResNet 代码构建：",
        "member_heading": "**{title}**：{description}",
        "params_two": "参数量（2 个残差块）",
        "params_shortcut": "其中 {count} 个在快捷连接中",
        "shortcut_result": "使用选项 A 时，32 个快捷连接通道中有 {zero} 个恰好为零：这些通道没有快捷连接，只有 F(x)，"
                           "这正是论文发现 B 比 A 略好的原因。C 在形状不变的地方也加上投影，效果又略好一些，但论文仍"
                           "选用 "
                           "B，因为投影对解决退化问题并非必不可少，还要耗费内存和时间。",
        "code_shortcut": "查看代码：快捷连接是如何选择的",
    },
)
