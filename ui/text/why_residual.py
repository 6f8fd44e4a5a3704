"""Text of the "why residual nets train" page (English / 简体中文)."""

from resnet_viz.i18n import Catalogue

TEXT = Catalogue(
    "why_residual",
    en={
        "title": "Why residual nets train",
        "question": "**A 56-layer plain net fails to fit its training set; its residual twin fits it. What is "
                    "different inside?** Three studies on our own trained nets, plain next to residual: delete "
                    "blocks (Veit et al. 2016, §4), count the paths the gradient takes (Veit et al., §3 and §5), and "
                    "look at the loss around the trained weights (Li et al. 2018).",
        "pair": "Model pair",
        "pair_56": "56 layers (the stored degradation run, seed 0)",
        "pair_20": "20 layers (the stored degradation run, seed 0)",
        "pair_shipped20": "20 layers (the shipped shapes models, 32×32 images)",
        "pair_caption_long": "Both nets come from seed 0 of the degradation page's stored long run: 8/16/32 filters, "
                             "16×16 shapes, 6 classes, 4,800 steps with the paper's step schedule. Final training "
                             "error: {plain} {plain_error} %, {residual} {residual_error} %. Held-out images here: "
                             "the run's {heldout} test images.",
        "pair_caption_shipped": "The two shapes models the Attributions page explains: 8/16/32 filters, 32×32 "
                                "shapes, 6 classes. Held-out images here: {heldout} images of a seed training never "
                                "saw.",
        "live": "Recompute live",
        "live_help": "Compute the open view now at a lower resolution, with your own seed for the random draws and "
                     "directions, instead of showing the stored result.",
        "seed": "Seed of the random draws (live)",
        "stored_caption": "Stored result ({source}). Turn on *Recompute live* to measure it again with another seed.",
        "live_caption": "Live result at a lower resolution than the stored one: {detail}.",
        "not_stored": "No stored result for this pair in this copy of the app (make it with `{command}`). Turn on "
                      "*Recompute live* to measure it now.",
        "progress": "Measuring {net}: {study} ({done} of {total})",
        "study_lesion": "one block deleted at a time",
        "study_deletions": "random blocks deleted",
        "study_reorders": "blocks reordered",
        "study_paths": "gradients through paths",
        "study_slice": "1-D loss slice",
        "study_surface": "2-D loss surface",
        "tab_lesion": "Lesion study",
        "tab_paths": "Ensemble of paths",
        "tab_landscape": "Loss landscape",
        "tab_shattered": "Shattered gradients",
        "study_shattered": "shattered gradients",
        "shattered_intro": "Balduzzi et al. (2017) follow a line of inputs and look at the gradient along it. Here "
                           "the line runs from one training image (A, t = 0) to another (B, t = 1) in {points} "
                           "steps, and the chart shows the derivative of the first class's logit along it. The nets "
                           "are freshly He-initialised (batch norm set from 256 training images, no training), so "
                           "this is about depth and the skip connection alone. White noise has an autocorrelation "
                           "of 0 between neighbouring points; a smooth curve, close to 1.",
        "shattered_depth": "Depth shown on the left",
        "shattered_line": "**{depth} layers**: autocorrelation {plain} (plain) and {residual} (residual).",
        "shattered_trend": "From {low} to {high} layers the plain net's autocorrelation goes from {plain_low} to "
                           "{plain_high}, the residual net's from {residual_low} to {residual_high}.",
        "shattered_paper": "Balduzzi et al.: gradients of deep plain nets shatter into white noise, those of residual "
                           "nets decay far more slowly (as 1/√L rather than 1/2^L in their analysis), which is one "
                           "reason residual nets are easier to train.",
        "lesion_intro": "Veit et al. delete one block at test time: its residual branch goes, its shortcut stays "
                        "(the identity, or the subsample-and-pad where the block changes the shape, marked ↓). A "
                        "plain block has no shortcut: deleting it leaves the identity, and at ↓ the same "
                        "subsample-and-pad. If a net were a single chain, every deletion would break it.",
        "lesion_residual": "**{net}**: intact {intact} %. With one block deleted the median error is {median} %; "
                           "the worst non-downsampling block gives {worst} % ({worst_block}), the downsampling blocks "
                           "{down}.",
        "lesion_plain": "**{net}**: intact {intact} %. With one block deleted the median error is {median} %; "
                        "{near_chance} of {blocks} deletions end within 10 points of chance ({chance} %).",
        "lesion_compare": "Median over the blocks: the plain net's error rises by {plain_rise} points, the residual "
                          "net's by {residual_rise}.",
        "lesion_top_down": "As in the paper, the deletion that hurts {net} most is a downsampling block: {block}, "
                           "{error} %.",
        "lesion_top_other": "Unlike the paper, the deletion that hurts {net} most is not a downsampling block: "
                            "{block}, {error} %.",
        "lesion_paper": "Veit et al. (ResNet-110 and VGG on CIFAR-10): in the residual net only the downsampling "
                        "blocks hurt much; in the plain VGG net deleting any layer drops it to chance.",
        "deletions_intro": "Now delete k blocks at once, drawn at random (the downsampling blocks stay, as in Veit et "
                           "al.). If the residual net behaves like an ensemble of many paths, its error should "
                           "grow smoothly with k.",
        "deletions_line": "**{net}**: k = 1 → {first} %, k = {last_k} → {last} %.",
        "reorder_intro": "Finally swap random pairs of same-shaped blocks within a stage. Kendall's τ measures how "
                         "far the new order is from the original (1: unchanged).",
        "reorder_line": "**{net}**: at the most shuffled order measured (τ = {tau}) the error is {error} % "
                        "(intact {intact} %).",
        "paths_intro": "A residual block computes relu(F(x) + x): a path through the net takes, at every block, "
                       "either the branch F or the skip. With n blocks that is 2ⁿ paths, and C(n, k) of them pass "
                       "through k branches: path lengths follow Binomial(n, ½). A plain net of n blocks is one path "
                       "of length n.",
        "paths_counts": "**{net}**: {blocks} blocks, {total} paths; half of them are between {low} and {high} "
                        "branches long.",
        "paths_method": "Veit's measurement: the net runs forward whole; in the backward pass k random blocks let "
                        "the gradient through their branch only and the other n − k through their skip only. The "
                        "left chart is the gradient of the loss at the first block's input through one such path "
                        "({images} held-out images, {draws} random paths per length); the right one multiplies it "
                        "by the number of paths of that length.",
        "paths_trend_falls": "Per path, the gradient **falls** with length: about ×{factor} per extra branch "
                             "(a least-squares fit of its logarithm).",
        "paths_trend_rises": "Per path, the gradient does **not** fall with length in this net: about ×{factor} per "
                             "extra branch (a least-squares fit of its logarithm). Veit's ResNet-110 showed a fall; "
                             "here the path count alone shapes the right chart.",
        "paths_peak": "The paths that carry the most gradient have **{peak}** branches; 90 % of the gradient comes "
                      "from lengths {low} to {high}, that is {low_share} % to {high_share} % of the {blocks} "
                      "blocks. Veit's ResNet-110 (54 blocks): effective paths of 5 to 17 blocks, 9 % to 31 % of the "
                      "depth.",
        "paths_plain": "**{net}**: its one path, through all {blocks} blocks, carries a gradient of {value} at the "
                       "input; the residual net's full-length path carries {residual_value}. The plain net's gradient i"
                       "s not small: "
                       "with batch norm it does not vanish (the paper's point), yet the net trains worse; it has one "
                       "path where the residual net has many short ones.",
        "landscape_intro": "Li et al. draw the training loss around the trained weights w: at w + α·d₁ + β·d₂, with "
                           "random directions d whose every filter is scaled to the norm of the matching filter of w "
                           "(filter normalisation; batch-norm and bias directions are zero). Both nets get their own "
                           "directions, drawn the same way, and share the axes and the colour scale. Loss on "
                           "{count} training images.",
        "slice_line": "**{net}**: loss {center} at the trained weights, {edge} at α = ±{span} (the larger side).",
        "surface_line": "**{net}**: loss {center} at the centre; the edge of the square averages {edge}, that is "
                        "{ratio}× the centre; {rough} of {cells} grid points are higher than the mean of their "
                        "four neighbours by more than 1 %.",
        "landscape_paper": "Li et al. (ResNet-56 on CIFAR-10): with skip connections the surface is smooth and "
                           "nearly convex; without them (their 56-layer plain net) it is chaotic, with many local "
                           "bumps. Here the plain net ends at a high loss, so compare the shapes and the roughness, "
                           "not only the centre.",
        "differences": "Where this differs from the papers",
        "differences_text": "- Our nets are small (8/16/32 filters) and trained on the built-in shapes, not "
                            "CIFAR-10 or ImageNet. A plain net that did not fit its training set (the 56-layer one "
                            "here) is the degradation problem itself, so its lesions start from a high error.\n"
                            "- Veit's plain net in the lesion study is a 15-layer VGG that trained well; ours is the "
                            "plain twin of the same depth.\n"
                            "- Veit measures path gradients on ResNet-110 (54 blocks); ours has {blocks} blocks.\n"
                            "- The loss is measured on {count} training images, not the whole training set, and at "
                            "{points}×{points} points.",
        "live_detail": "{heldout} held-out images, {draws} draws per k, {path_draws} paths per length, a "
                       "{surface}×{surface} grid on {train} training images",
    },
    zh={
        "title": "残差网络为什么能训练",
        "question": "**56 层的普通网络拟合不了自己的训练集，而它的残差孪生网络可以。两者内部有什么不同？** "
                    "下面在我们自己训练好的网络上做三项研究，普通网络与残差网络并排：删除块（Veit 等人 2016，第 4 节）"
                    "、"
                    "数一数梯度经过的路径（Veit 等人，第 3、5 节），以及观察训练好的权重周围的损失（Li 等人 2018）。",
        "pair": "模型对",
        "pair_56": "56 层（退化问题页面存储的运行，种子 0）",
        "pair_20": "20 层（退化问题页面存储的运行，种子 0）",
        "pair_shipped20": "20 层（随应用提供的形状模型，32×32 图像）",
        "pair_caption_long": "两个网络都来自退化问题页面存储的长时间运行的种子 0：8/16/32 个滤波器，16×16 的形状图像，"
                             "6 个类别，按论文的阶梯式学习率训练 4,800 步。最终训练误差：{plain} {plain_error} %，"
                             "{residual} {residual_error} %。这里的留出图像：该运行的 {heldout} 张测试图像。",
        "pair_caption_shipped": "归因分析页面解释的两个形状模型：8/16/32 个滤波器，32×32 的形状图像，6 个类别。"
                                "这里的留出图像：{heldout} 张来自训练从未见过的种子的图像。",
        "live": "实时重新计算",
        "live_help": "以较低的分辨率、用你自己的随机种子现在计算当前视图，而不是显示存储的结果。",
        "seed": "随机抽样的种子（实时）",
        "stored_caption": "存储的结果（{source}）。打开“实时重新计算”可用另一个种子重新测量。",
        "live_caption": "实时结果，分辨率低于存储的结果：{detail}。",
        "not_stored": "此应用副本中没有这个模型对的存储结果（用 `{command}` 生成）。打开“实时重新计算”可现在测量。",
        "progress": "正在测量 {net}：{study}（{done} / {total}）",
        "study_lesion": "每次删除一个块",
        "study_deletions": "随机删除多个块",
        "study_reorders": "重新排列块",
        "study_paths": "经过各条路径的梯度",
        "study_slice": "一维损失切片",
        "study_surface": "二维损失曲面",
        "tab_lesion": "删除实验",
        "tab_paths": "路径的集成",
        "tab_landscape": "损失地形",
        "tab_shattered": "破碎的梯度",
        "study_shattered": "破碎的梯度",
        "shattered_intro": "Balduzzi 等人（2017）沿着一条输入直线观察梯度。这里的直线从一张训练图像（A，t = 0）"
                           "到另一张（B，t = 1），共 {points} 步，图中是第一个类别的 logit 沿这条直线的导数。"
                           "网络是刚用 He 方法初始化的（批归一化由 256 张训练图像设定，没有训练），所以这里只看深度"
                           "和跳跃连接的作用。白噪声相邻点之间的自相关为 0；平滑的曲线接近 1。",
        "shattered_depth": "左图显示的深度",
        "shattered_line": "**{depth} 层**：自相关为 {plain}（普通）和 {residual}（残差）。",
        "shattered_trend": "从 {low} 层到 {high} 层，普通网络的自相关从 {plain_low} 变为 {plain_high}，"
                           "残差网络从 {residual_low} 变为 {residual_high}。",
        "shattered_paper": "Balduzzi 等人：深层普通网络的梯度破碎成白噪声，残差网络的梯度衰减得慢得多"
                           "（在他们的分析中按 1/√L 而不是 1/2^L），这是残差网络更容易训练的原因之一。",
        "lesion_intro": "Veit 等人在测试时删除一个块：去掉它的残差分支，保留它的捷径（恒等映射；在改变形状的块上是"
                        "下采样加补零，标记为 ↓）。普通块没有捷径：删除后只剩恒等映射，在 ↓ 处用同样的下采样加补零。"
                        "如果网络只是一条单链，每次删除都会让它失效。",
        "lesion_residual": "**{net}**：完整时 {intact} %。删除一个块后误差的中位数为 {median} %；"
                           "最糟的非下采样块为 {worst} %（{worst_block}），下采样块为 {down}。",
        "lesion_plain": "**{net}**：完整时 {intact} %。删除一个块后误差的中位数为 {median} %；"
                        "{blocks} 次删除中有 {near_chance} 次落在随机猜测（{chance} %）的 10 个百分点以内。",
        "lesion_compare": "按块取中位数：普通网络的误差上升 {plain_rise} 个百分点，残差网络上升 {residual_rise} 个百分"
                          "点。",
        "lesion_top_down": "与论文一致，对 {net} 伤害最大的删除是一个下采样块：{block}，{error} %。",
        "lesion_top_other": "与论文不同，对 {net} 伤害最大的删除不是下采样块：{block}，{error} %。",
        "lesion_paper": "Veit 等人（CIFAR-10 上的 ResNet-110 和 VGG）：在残差网络中只有下采样块影响较大；"
                        "在普通的 VGG 网络中删除任何一层都会使其降到随机猜测的水平。",
        "deletions_intro": "现在一次随机删除 k 个块（与 Veit 等人一样，下采样块保留）。如果残差网络的行为像许多路径的"
                           "集成，它的误差应随 k 平滑上升。",
        "deletions_line": "**{net}**：k = 1 → {first} %，k = {last_k} → {last} %。",
        "reorder_intro": "最后，在同一阶段内随机交换形状相同的块。Kendall τ 衡量新顺序与原顺序的差距（1：未改变）。",
        "reorder_line": "**{net}**：在测得的最乱的顺序下（τ = {tau}），误差为 {error} %（完整时 {intact} %）。",
        "paths_intro": "残差块计算 relu(F(x) + x)：穿过网络的一条路径在每个块上要么经过分支 F，要么经过捷径。"
                       "n 个块共有 2ⁿ 条路径，其中 C(n, k) 条经过 k 个分支：路径长度服从 Binomial(n, ½)。"
                       "n 个块的普通网络只有一条长度为 n 的路径。",
        "paths_counts": "**{net}**：{blocks} 个块，{total} 条路径；其中一半的长度在 {low} 到 {high} 个分支之间。",
        "paths_method": "Veit 的测量方法：网络完整地前向计算；反向传播时，随机选出的 k 个块只让梯度经过分支，"
                        "其余 n − k 个块只经过捷径。左图是经过一条这样的路径到达第一个块输入处的损失梯度"
                        "（{images} 张留出图像，每种长度 {draws} 条随机路径）；右图把它乘以该长度的路径数。",
        "paths_trend_falls": "对单条路径而言，梯度随长度**下降**：每多经过一个分支约 ×{factor}（对其对数做最小二乘拟合"
                             "）。",
        "paths_trend_rises": "在这个网络中，单条路径的梯度**没有**随长度下降：每多经过一个分支约 ×{factor}"
                             "（对其对数做最小二乘拟合）。Veit 的 ResNet-110 显示为下降；这里右图的形状只由路径数决定。"
                             "",
        "paths_peak": "携带梯度最多的路径有 **{peak}** 个分支；90 % 的梯度来自长度 {low} 到 {high} 的路径，"
                      "即 {blocks} 个块的 {low_share} % 到 {high_share} %。Veit 的 ResNet-110（54 个块）："
                      "有效路径为 5 到 17 个块，即深度的 9 % 到 31 %。",
        "paths_plain": "**{net}**：它唯一的路径经过全部 {blocks} 个块，在输入处的梯度为 {value}；"
                       "残差网络的全长路径为 {residual_value}。普通网络的梯度并不小："
                       "有批归一化时它不会消失（这正是论文的观点），但网络仍然训练得更差；它只有一条路径，而残差网络"
                       "有许多短路径。",
        "landscape_intro": "Li 等人画出训练好的权重 w 周围的训练损失：在 w + α·d₁ + β·d₂ 处，随机方向 d 的每个滤波器"
                           "都缩放到 w 中对应滤波器的范数（滤波器归一化；批归一化和偏置的方向为零）。两个网络各自抽取"
                           "方向，抽法相同，并共用坐标轴和色标。损失在 {count} 张训练图像上计算。",
        "slice_line": "**{net}**：训练好的权重处损失为 {center}，在 α = ±{span} 处为 {edge}（取较大的一侧）。",
        "surface_line": "**{net}**：中心处损失为 {center}；方形边缘的平均值为 {edge}，是中心的 {ratio} 倍；"
                        "{cells} 个格点中有 {rough} 个比其四个邻点的平均值高出 1 % 以上。",
        "landscape_paper": "Li 等人（CIFAR-10 上的 ResNet-56）：有捷径连接时曲面平滑、接近凸；没有捷径时"
                           "（他们的 56 层普通网络）曲面混乱，有许多局部起伏。这里的普通网络最终停在较高的损失处，"
                           "所以要比较形状和起伏程度，而不只是中心的值。",
        "differences": "与论文的不同之处",
        "differences_text": "- 我们的网络很小（8/16/32 个滤波器），在内置的形状数据集上训练，而不是 CIFAR-10 或 "
                            "ImageNet。没能拟合训练集的普通网络（这里的 56 层网络）本身就是退化问题，所以删除实验从较高"
                            "的"
                            "误差开始。\n"
                            "- Veit 的删除实验中的普通网络是训练良好的 15 层 VGG；我们的是同样深度的普通孪生网络。\n"
                            "- Veit 在 ResNet-110（54 个块）上测量路径梯度；我们的网络有 {blocks} 个块。\n"
                            "- 损失在 {count} 张训练图像上测量，而不是整个训练集，网格为 {points}×{points} 个点。",
        "live_detail": "{heldout} 张留出图像，每个 k 抽样 {draws} 次，每种长度 {path_draws} 条路径，"
                       "在 {train} 张训练图像上的 {surface}×{surface} 网格",
    },
)
