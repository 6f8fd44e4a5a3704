from resnet_viz.i18n import Catalogue

TEXT = Catalogue(
    "home",
    en={
        "title": "Residual networks, explained with real PyTorch models",
        "question": "**Why can a 152-layer network train when a 56-layer plain one trains worse than a 20-layer "
                    "one?** The paper's answer: each residual block only has to learn a *correction* F(x) to its "
                    "input, and adds it back:",
        "idea": "If the best thing a block can do is nothing, it only has to push F(x) to zero. The paper's "
                "hypothesis, which its experiments support but do not prove, is that this is easier than making a "
                "stack of convolutions and ReLUs reproduce its input exactly. On the way back, a pre-activation unit "
                "with an identity shortcut (the identity-mappings paper) passes the gradient to every earlier unit "
                "through the identity path, undiminished by the weights; in the original block the ReLU after the "
                "addition can still shrink it, which the *Gradient flow* page measures. Every "
                "chart in this app is computed live by the same PyTorch modules you could import in a notebook "
                "(`import resnet_viz`).",
        "tour": "The tour",
        "block_title": "1 · Inside a residual block",
        "block_text": "Step through one block on a (3, 64, 64) image: every intermediate tensor, every number of a "
                      "convolution, and what happens when the residual branch is turned down to zero.",
        "architecture_title": "2 · Architecture explorer",
        "architecture_text": "ResNet-18 to 152 and the CIFAR nets ResNet-20 to 1202: stages, shapes, parameters "
                             "and multiply-adds, next to the paper's Table 1.",
        "features_title": "3 · Feature maps",
        "features_text": "What every stage of a ResNet sees in an image, with the receptive field of each layer, "
                         "beside the plain twin.",
        "gradients_title": "4 · Gradient flow",
        "gradients_text": "Where the gradients go in a 56-layer plain net versus a residual one, and the "
                          "λ-shortcut law.",
        "degradation_title": "5 · The degradation problem",
        "degradation_text": "Train plain and residual nets of 20 and 56 layers side by side and watch the deeper "
                            "plain net train worse.",
        "warming": "The server is preparing every page's default view for the class: {ready} of {total} ready. A page "
                   "that is not ready yet takes a few seconds longer to open the first time.",
        "warm": "All {total} pages' default views were prepared when the server started ({seconds} s).",
        "why_residual_title": "6 · Why residual nets train",
        "why_residual_text": "Delete blocks of trained plain and residual nets, count the paths the gradient takes, "
                             "and look at the loss around the trained weights: the research that explains why the "
                             "skip connection works.",
        "attributions_title": "7 · Attributions",
        "attributions_text": "Which pixels a trained ResNet looks at, with nine Captum methods and the sanity "
                             "checks that keep them honest.",
        "howto": "How to use it",
        "howto_text": "- The **sidebar** holds the settings every page shares: the language, the device (CPU works "
                      "everywhere; a GPU is used when there is one), the random seed (same seed, same numbers), "
                      "and where ImageNet weights come from.\n"
                      "- Everything runs offline on built-in images and a synthetic shapes dataset. Pretrained "
                      "ImageNet weights are optional and the app says so when they cannot be downloaded.\n"
                      "- Results are cached: when a whole class asks for the same settings, the work is done once.\n"
                      "- The address bar always holds a link to the current view: copy it to share a preset. "
                      "**Presenter view** (sidebar) enlarges everything for a projector.",
        "differences": "Where the source articles and the paper differ",
        "differences_text": "The app follows *Deep Residual Learning for Image Recognition* (He et al., 2016) and "
                            "*Identity Mappings in Deep Residual Networks* (He et al., 2016) and points out where "
                            "popular write-ups simplify them:\n"
                            "- **ReLU before the add.** A common worked example applies ReLU to F(x) before adding "
                            "x. The paper adds first and applies ReLU after the sum, so F(x) can be negative and a "
                            "block can also *subtract* from x.\n"
                            "- **Vanishing gradients vs degradation.** Write-ups often say ResNets 'solve vanishing "
                            "gradients'. The paper reports that with normalised initialisation and batch "
                            "normalisation the backward signals of its plain ImageNet nets keep healthy norms during "
                            "training; the degradation problem is that deeper "
                            "plain nets are *harder to optimise* (higher training error), and residual learning "
                            "makes that optimisation easy.\n"
                            "- **Inputs are non-negative, so the final ReLU is an identity.** That holds only "
                            "approximately: after the addition the sum can be negative. The pre-activation (v2) "
                            "block removes the ReLU after the add so the shortcut really is an identity path.\n"
                            "- **Heads and strides.** Some Keras versions of ResNet-34 end with a 512-unit dense "
                            "layer after average pooling; the paper uses global average pooling and one fully "
                            "connected layer. torchvision's ResNet-50/101/152 put the stride of a bottleneck on the "
                            "3×3 conv ('V1.5'), the paper on the first 1×1.",
    },
    zh={
        "title": "用真实的 PyTorch 模型讲解残差网络",
        "question": "**为什么 152 层的网络能训练好，而 56 层的普通网络反而比 20 层的训练得更差？** 论文的回答是："
                    "每个残差块只需学习对输入的一个*修正量* F(x)，再把它加回输入：",
        "idea": "如果一个块最好的做法是什么都不做，它只需把 F(x) 推向零。论文的假设是：这比让一叠卷积和 ReLU 精确地"
                "复现输入更容易；它的实验支持这一假设，但并未证明。反"
                "向传播时，带恒等快捷连接的预激活单元（恒等映射论文）"
                "让梯度经由恒等路径到达前面的每一个单元，不受权重的衰减；在原始的残差块中，相加之后的 ReLU 仍可能使梯度"
                "变小，*梯度流*页面实测了变小的程度。本应用中的每张图都由同一套 PyTorch "
                "模块实时计算，你也可以在 notebook 中导入它们（`import resnet_viz`）。",
        "tour": "导览",
        "block_title": "1 · 残差块内部",
        "block_text": "在一张 (3, 64, 64) 的图像上逐步执行一个残差块：每个中间张量、卷积的每一个数值，以及把残差"
                      "分支调到零时会发生什么。",
        "architecture_title": "2 · 网络结构浏览",
        "architecture_text": "ResNet-18 到 152，以及 CIFAR 上的 ResNet-20 到 1202：各阶段的形状、参数量和乘加次数，"
                             "并与论文表 1 对照。",
        "features_title": "3 · 特征图",
        "features_text": "ResNet 每个阶段在图像中看到了什么，每一层的感受野，以及对应的普通网络并排比较。",
        "gradients_title": "4 · 梯度流",
        "gradients_text": "56 层普通网络与残差网络中梯度的去向，以及 λ 缩放跳跃连接的规律。",
        "degradation_title": "5 · 退化问题",
        "degradation_text": "并排训练 20 层和 56 层的普通网络与残差网络，观察更深的普通网络如何训练得更差。",
        "warming": "服务器正在为课堂准备每个页面的默认视图：已完成 {ready} / {total}。尚未准备好的页面第一次打开时"
                   "会多花几秒钟。",
        "warm": "服务器启动时已准备好全部 {total} 个页面的默认视图（{seconds} 秒）。",
        "why_residual_title": "6 · 残差网络为什么能训练",
        "why_residual_text": "删除训练好的普通网络和残差网络中的块，数一数梯度经过的路径，观察训练好的权重周围的损失："
                             "解释跳跃连接为何有效的研究。",
        "attributions_title": "7 · 归因分析",
        "attributions_text": "训练好的 ResNet 关注哪些像素：九种 Captum 方法，以及保证结果可信的合理性检验。",
        "howto": "使用方法",
        "howto_text": "- **侧边栏**包含所有页面共用的设置：语言、计算设备（CPU 处处可用；有 GPU 时自动使用）、随机种子"
                      "（同一种子得到同样的数值），以及 ImageNet 权重的来源。\n"
                      "- 一切都可离线运行，使用内置图像和合成的形状数据集。ImageNet 预训练权重是可选的，无法下载时应用"
                      "会明确提示。\n"
                      "- 结果会被缓存：全班使用相同设置时，计算只做一次。\n"
                      "- 地址栏始终是当前视图的链接：复制它即可分享预设。"
                      "侧边栏中的**演示模式**会为投影仪放大所有内容。",
        "differences": "源文章与论文的不同之处",
        "differences_text": "本应用以《Deep Residual Learning for Image Recognition》（He 等，2016）和《Identity "
                            "Mappings in Deep Residual Networks》（He 等，2016）为准，并指出常见文章做了哪些简化：\n"
                            "- **在相加之前做 ReLU。** 一个常见的计算示例先对 F(x) 做 ReLU 再加上 x。论文是先相加，"
                            "再对和做 ReLU，因此 F(x) 可以为负，残差块也可以从 x 中*减去*一部分。\n"
                            "- **梯度消失与退化问题。** 很多文章说 ResNet“解决了梯度消失”。论文报告，在归一化初始化和"
                            "批归一化下，它的 ImageNet 普通网络的反向信号在训练中范数正常；退化问题是更深的普通网络"
                            "*更难优化*（训练误差更高），"
                            "而残差学习让这种优化变得容易。\n"
                            "- **输入非负，所以最后的 ReLU 是恒等映射。** 这只是近似成立：相加之后的和可能为负。预激活"
                            "（v2）残差块去掉了相加之后的 ReLU，使跳跃连接真正成为恒等路径。\n"
                            "- **网络头部与步幅。** 有些 Keras 版本的 ResNet-34 在平均池化后接一个 512 单元的全连接层；"
                            "论文使用全局平均池化加一个全连接层。torchvision 的 ResNet-50/101/152 把瓶颈结构的步幅放在 "
                            "3×3 卷积上（“V1.5”），论文则放在第一个 1×1 卷积上。",
    },
)
