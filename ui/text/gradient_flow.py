"""Text of the gradient-flow page (English / 简体中文)."""

from resnet_viz.i18n import Catalogue

TEXT = Catalogue(
    "gradient_flow",
    en={
        "title": "Gradient flow",
        "question": "**Where does the gradient go on its way back through a 56-layer plain net, and what does the "
                    "skip connection change?**",
        "intro": "Plain net = the same layers with the skip connections removed. Every number below is measured on "
                 "real PyTorch nets at initialisation (random weights, one batch of the built-in shapes images, "
                 "cross-entropy loss), unless a section says otherwise.",
        # settings
        "settings": "Experiment settings (depth, batch norm, initialisation, λ, batch size)",
        "depth": "Depth (CIFAR 6n+2 family)",
        "depth_option": "{depth} layers ({blocks} blocks)",
        "bn": "Batch normalisation",
        "bn_both": "Both, side by side",
        "bn_off": "Off (what the seeds' derivation assumes)",
        "bn_on": "On (what the paper trains)",
        "init": "Initialisation",
        "init_help": "He: Kaiming normal with fan-out, torchvision's and article 004's choice (the paper initialises "
                     "'as in' He et al. 2015, *Delving deep into rectifiers*, which derives both the fan-in and the "
                     "fan-out form). PyTorch default: what you get from nn.Conv2d without any init code. Small: every "
                     "weight ~ N(0, 0.01²).",
        "init_he": "He (Kaiming normal, fan-out)",
        "init_default": "PyTorch default (each layer's reset_parameters)",
        "init_small": "Small: normal with std 0.01",
        "lambda": "Shortcut scale λ in h(x) = λx (residual net only)",
        "batch": "Batch size",
        "batch_help": "Capped at {cap}; deep nets are limited further by the {budget} GiB memory budget.",
        # the answer
        "memory": "Estimated memory for one net at a time: {need} MiB (budget {budget} GiB) · batch of {batch} "
                  "images, 32×32 · seed {seed} · {init} · device {device}",
        "slow": " (the deep nets take a minute on a CPU)",
        "spin_compare": "Forward and backward through {plain} and ResNet-{depth}{slow}...",
        "with_bn": "With batch norm",
        "without_bn": "Without batch norm",
        "cannot_run": "These settings cannot be run: {error}",
        "error_detail": "{reason} (detail: {detail})",
        "err_memory": "they need more memory than the {budget} GiB budget allows; use a smaller batch or depth",
        "err_batch": "the batch size must be between 1 and {cap}",
        "err_depth": "the depth must be of the form 6n+2",
        "err_other": "the analysis refused them",
        "ratio_heading": "**{title}**: gradient at the first block's input over the gradient at the last block's "
                         "output, ‖∂L/∂x₀‖ / ‖∂L/∂x_L‖",
        "tab_inputs": "w.r.t. each block's input",
        "tab_weights": "w.r.t. each layer's weights",
        "tab_numbers": "Numbers",
        "weights_caption": "Layer 1 is the stem conv; the last point is the fully connected classifier. The ratio in "
                           "the table compares the first conv with the last conv.",
        "col_net": "net",
        "col_bn": "batch norm",
        "on": "on",
        "off": "off",
        "col_loss": "loss",
        "col_x0": "‖∂L/∂x₀‖ (first block input)",
        "col_xl": "‖∂L/∂x_L‖ (last block output)",
        "col_ratio": "ratio x₀ / x_L",
        "col_w_first": "‖∂L/∂W‖ first conv",
        "col_w_last": "‖∂L/∂W‖ last conv",
        "col_w_ratio": "ratio first / last conv",
        "numbers_caption": "Norms are L2 norms over the whole batch. 'underflow' means the value is 0 or too small "
                           "for float32 to hold (below 1.2e-38); 'overflow' means inf or NaN.",
        "finding_off": "- **Without batch norm**, the plain net's gradient at its first block is {plain} times the "
                       "gradient at its last block; in the residual net the same ratio is {residual}. Every plain "
                       "block multiplies the gradient by its Jacobian; the residual block adds an identity path that "
                       "carries ∂L/∂x_L back unchanged.",
        "finding_on_grows": "- **With batch norm** (as the paper trains), the plain net's ratio at initialisation is "
                            "{plain}: its gradient does not vanish here, it *grows* {plain} times on the way to the "
                            "input, an explosion rather than a healthy norm. The paper's remark that batch norm keeps "
                            "the backward signals' norms healthy is about its plain ImageNet nets *during training* "
                            "(section 4.1); the section *The same picture during training* below shows what happens "
                            "to these nets once they train. Either way, plain-56 trains worse than plain-20 (see *The "
                            "degradation problem*): the degradation problem is an optimisation difficulty, not simply "
                            "vanishing gradients, which is where several of the source articles oversimplify.",
        "finding_on_shrinks": "- **With batch norm** (as the paper trains), the plain net's ratio at initialisation "
                              "is {plain}: its gradient shrinks on the way to the input, though far less than a "
                              "vanishing product of 54 Jacobians would make it. The paper's remark that batch norm "
                              "keeps the backward signals' norms healthy is about its plain ImageNet nets *during "
                              "training* (section 4.1); the section *The same "
                              "picture during training* below shows what "
                              "happens to these nets once they train. Plain-56 still trains worse than plain-20 (see "
                              "*The degradation problem*): the degradation problem is an optimisation difficulty, not "
                              "simply vanishing gradients, which is where several of the source articles oversimplify.",
        "finding_init": "- Switch the initialisation to **He** to see how much of the vanishing in the plain net was "
                        "the initialisation: He init is chosen so that each plain layer keeps the "
                        "gradient's scale. (With He init and no batch norm "
                        "the residual net's ratio grows large instead, about 10^4 at 56 layers: each block adds a "
                        "branch about as large as its input. The paper puts batch norm after every convolution, "
                        "following Ioffe and Szegedy; it does not give this as its reason.)",
        # the derivation
        "why": "Why: the identity path in the chain rule",
        "why_1": r"Take a residual unit whose shortcut is the identity and whose output is not squashed after the "
                 r"addition: $x_{l+1} = x_l + \mathcal{F}(x_l)$. Unrolling from unit $l$ to a deeper unit $L$:",
        "why_2": "and the chain rule gives the gradient at the shallower unit:",
        "why_3": r"The **1** is the identity path: $\partial\mathcal{E}/\partial x_L$ reaches every earlier unit "
                 "directly, whatever the weights are. To vanish, the bracket would have to cancel to zero, which is "
                 "unlikely for a whole batch at once. That is the blue curve staying within a few orders of "
                 "magnitude.",
        "why_4": "A plain net has no 1 in the bracket: the gradient is a product of one Jacobian per layer,",
        "why_5": "so if each factor shrinks vectors a little, 54 of them shrink it enormously (the red curve "
                 "without BN and with the PyTorch default or small init), and if each grows them, it explodes.",
        "why_6": "**Where the derivation is idealised.** It assumes the ReLU after the addition does nothing "
                 "(the seed argues the inputs are non-negative). In the paper's v1 block the sum x + F(x) can be "
                 "negative and that ReLU does cut gradients; the pre-activation (v2) unit removes it, and the "
                 "λ-law below uses that unit so the formula holds exactly. Batch norm inside the branches does "
                 "not break the identity path, but it changes the Jacobians in the red curve, as the right-hand "
                 "chart shows.",
        # the lambda law
        "law": "The λ-shortcut law: why the shortcut should be exactly the identity",
        "law_general": r"Scale the shortcut of unit $i$ by $\lambda_i$, $x_{i+1} = \lambda_i x_i + "
                       r"\mathcal{F}(x_i)$ (the identity-mappings paper, He et al. 2016, section 3.1). Unrolled from "
                       r"unit $l$ to unit $L$, each branch is scaled by the λ's of the units after it, "
                       r"$\hat{\mathcal F}(x_i) = \big(\prod_{j=i+1}^{L-1}\lambda_j\big)\mathcal{F}(x_i)$:",
        "law_general_2": "and the gradient at the shallower unit is",
        "law_general_3": r"The direct term is now $\prod\lambda_i$ instead of 1: for λ > 1 in every unit it "
                         "explodes with depth, for λ < 1 it vanishes. The paper's conclusion: the shortcut then "
                         r"hinders the signal, which is forced through the weight layers (the $\hat{\mathcal F}$ "
                         "term), and optimisation gets harder. Article 003 unrolls the same sum, but its second line "
                         r"drops the last unit's branch, $+\,\mathcal{F}(x_{L-1})$, and it does not write the "
                         "gradient; the result it arrives at is the paper's.",
        "law_intro": r"To measure the direct term alone, turn the residual branches off ($\mathcal{F} = 0$, here by "
                     "zeroing the last conv of each unit) and use one λ for every unit. Then each unit just "
                     "multiplies by λ, and between unit $l$ and unit $L$:",
        "law_depth": "Depth",
        "law_depth_option": "pre-act ResNet-{depth} ({units} units)",
        "law_lambdas": "λ values",
        "precision": "Precision",
        "precision_help": "float64 holds numbers down to 2.2e-308 and up to 1.8e308; float32 only 1.2e-38 to "
                          "3.4e38.",
        "choose_lambda": "Choose at least one λ.",
        "law_progress": "Measuring the law...",
        "law_measured_one": "Measured λ = {value}",
        "col_analytic": "analytic λ^{units}",
        "col_measured": "measured ‖∂L/∂x₀‖ / ‖∂L/∂x_{units}‖",
        "col_relative": "relative difference",
        "col_signal": "signal reaching the head ‖x_L‖",
        "n_a": "n/a",
        "status_underflow": "underflow",
        "status_overflow": "overflow",
        "status_undefined": "undefined",
        "law_text": "Measured in a pre-activation ResNet-{depth} ({units} units, option-A shortcuts) in {dtype}. "
                    "For λ < 1 the gradient reaching the first unit is λ^{units}, tiny; for λ > 1 it explodes. Only "
                    "λ = 1 passes it unchanged, which is why the paper keeps the shortcut a pure identity.",
        "training_finding": "After {step} steps the plain net's ratio is {plain} and the residual net's {residual}.",
        "law_caption": "The two stage transitions (units {transitions}) use option A: keep every second pixel and "
                       "pad zero channels. Backwards, that puts each gradient value back on the pixel it came from "
                       "(norm unchanged) and drops the gradient of the padded channels, which is exactly zero here "
                       "because those channels stay zero up to the head, where a ReLU at 0 passes nothing. We "
                       "compute that factor from the shortcut alone and divide it out; it is {factors} (λ = {lam}), "
                       "so the law holds across the whole net. Triangles mark units whose gradient under- or "
                       "overflowed the chosen precision; when the forward signal itself under- or overflows before "
                       "the head, no ratio is defined at all.",
        "law_failed": "The λ law could not be measured with these settings: {error}",
        # training
        "training": "The same picture during training",
        "training_intro": "Initialisation is only the start. Here both nets train for 100 SGD steps (momentum 0.9, "
                          "learning rate 0.1 with article 004's cosine schedule) on "
                          "the shapes images, and the gradient profile is measured "
                          "on the same probe batch before step 0, after 10 and after 100 steps.",
        "train_depth": "Depth",
        "train_depth_help": "Kept small so the run takes seconds.",
        "train_bn": "Batch norm",
        "spin_training": "Training {plain} and ResNet-{depth} for 100 steps...",
        "col_step": "step",
        "col_probe_loss": "loss on the probe batch",
        "col_input_ratio": "‖∂L/∂x₀‖ / ‖∂L/∂x_L‖",
        "net_plain": "plain",
        "net_residual": "residual",
        "diverged": "The {net} net diverged (non-finite loss) at step {step}; the steps after that are missing from "
                    "the chart.",
        "training_caption": "Batch of {batch} images of {size}×{size} pixels (smaller than above, to keep the run to "
                            "seconds), {init}, λ = {lam} in the residual net.",
        # code
        "code": "Show the code",
        "code_profile": "How each norm is measured (hooks on the caller's own model copy, removed afterwards):",
        "code_law": "And the λ law:",
    },
    zh={
        "title": "梯度流",
        "question": "**在 56 层的普通网络中，梯度反向传播时去了哪里？跳跃连接又改变了什么？**",
        "intro": "普通网络 = 去掉跳跃连接后层数相同的网络。除非某一节另有说明，下面的每个数字都是在初始化时的真实 "
                 "PyTorch 网络上测得的（随机权重，一批内置的形状图像，交叉熵损失）。",
        "settings": "实验设置（深度、批归一化、初始化、λ、批大小）",
        "depth": "深度（CIFAR 6n+2 系列）",
        "depth_option": "{depth} 层（{blocks} 个残差块）",
        "bn": "批归一化",
        "bn_both": "两者并排对比",
        "bn_off": "关闭（源文章推导所假设的情形）",
        "bn_on": "开启（论文训练时的做法）",
        "init": "初始化",
        "init_help": "He：Kaiming 正态初始化（fan-out），torchvision 和种子源文章 004 的选择（论文写的是“按 He 等人 "
                     "2015 年的 *Delving deep into rectifiers* 初始化”，该文推导了 fan-in 和 fan-out 两种形式）。"
                     "PyTorch 默认：不写任何初始化代码时 nn.Conv2d 的默认值。小值：每个权重 ~ N(0, 0.01²)。",
        "init_he": "He（Kaiming 正态，fan-out）",
        "init_default": "PyTorch 默认（各层的 reset_parameters）",
        "init_small": "小值：标准差 0.01 的正态分布",
        "lambda": "快捷连接缩放系数 λ，h(x) = λx（仅残差网络）",
        "batch": "批大小",
        "batch_help": "上限为 {cap}；很深的网络还受 {budget} GiB 内存预算的进一步限制。",
        "memory": "每次一个网络的估计内存：{need} MiB（预算 {budget} GiB）· 每批 {batch} 张 32×32 图像 · "
                  "随机种子 {seed} · {init} · 设备 {device}",
        "slow": "（在 CPU 上，很深的网络需要约一分钟）",
        "spin_compare": "正在对 {plain} 和 ResNet-{depth} 做前向与反向传播{slow}……",
        "with_bn": "有批归一化",
        "without_bn": "无批归一化",
        "cannot_run": "无法用这些设置运行：{error}",
        "error_detail": "{reason}（详情：{detail}）",
        "err_memory": "所需内存超出 {budget} GiB 的预算，请减小批大小或深度",
        "err_batch": "批大小必须在 1 到 {cap} 之间",
        "err_depth": "深度必须是 6n+2 的形式",
        "err_other": "分析代码拒绝了这些设置",
        "ratio_heading": "**{title}**：第一个残差块输入处的梯度与最后一个残差块输出处的梯度之比，"
                         "‖∂L/∂x₀‖ / ‖∂L/∂x_L‖",
        "tab_inputs": "对每个块的输入",
        "tab_weights": "对每层的权重",
        "tab_numbers": "数值",
        "weights_caption": "第 1 层是起始卷积层（stem）；最后一个点是全连接分类器。表中的比值比较的是第一个卷积层和最后"
                           "一个卷积层。",
        "col_net": "网络",
        "col_bn": "批归一化",
        "on": "开",
        "off": "关",
        "col_loss": "损失",
        "col_x0": "‖∂L/∂x₀‖（第一个块的输入）",
        "col_xl": "‖∂L/∂x_L‖（最后一个块的输出）",
        "col_ratio": "比值 x₀ / x_L",
        "col_w_first": "‖∂L/∂W‖ 第一个卷积层",
        "col_w_last": "‖∂L/∂W‖ 最后一个卷积层",
        "col_w_ratio": "比值 第一个 / 最后一个卷积层",
        "numbers_caption": "范数均为整个批次上的 L2 范数。“下溢”表示数值为 0 或小到 float32 无法表示（低于 "
                           "1.2e-38）；“上溢”表示 inf 或 NaN。",
        "finding_off": "- **无批归一化时**，普通网络第一个残差块处的梯度是最后一个残差块处梯度的 {plain} 倍；在残差"
                       "网络中同一比值为 {residual}。普通网络的每个块都把梯度乘以它的雅可比矩阵；残差块则多了一条恒等"
                       "映射路径，把 ∂L/∂x_L 原封不动地传回去。",
        "finding_on_grows": "- **有批归一化时**（论文的训练方式），普通网络在初始化时的比值为 {plain}：这里梯度没有"
                            "消失，而是在传向输入的途中*放大*了 {plain} 倍，这是梯度爆炸，而不是“范数正常”。论文说"
                            "批归一化让反向信号的范数保持正常，指的是它的 ImageNet 普通网络*在训练过程中*的情形（第 "
                            "4.1 节）；下面的*训练过程中的同一幅图景*一节展示这些网络开始训练后的变化。无论如何，"
                            "plain-56 都比 plain-20 训练得更差（见*退化问题*一页）：退化问题是一种优化困难，而不只是"
                            "梯度消失——好几篇源文章在这一点上说得过于简单。",
        "finding_on_shrinks": "- **有批归一化时**（论文的训练方式），普通网络在初始化时的比值为 {plain}：梯度在传向"
                              "输入的途中变小了，但远没有 54 个雅可比矩阵连乘导致梯度消失时那么严重。论文说批归一化让"
                              "反向信号的范数保持正常，指的是它的 ImageNet 普通网络*在训练过程中*的情形（第 4.1 节）；"
                              "下面的*训练过程中的同一幅图景*一节展示这些网络开始训练后的变化。plain-56 仍然比 "
                              "plain-20 训练得更差（见*退化问题*一页）：退化问题是一种优化困难，而不只是梯度消失——"
                              "好几篇源文章在这一点上说得过于简单。",
        "finding_init": "- 把初始化切换为 **He**，看看普通网络中的梯度消失有多少是初始化造成的：He 初始化的设计目标"
                        "正是让普通网络的每一层保持梯度的量级。（在 He "
                        "初始化且没有批归一化时，残差网络的比值反而变得很大，"
                        "56 层时约为 10^4：每个残差块加上的分支与其输入差不多大。论文沿用 Ioffe 和 Szegedy 的做法，"
                        "在每个卷积之后使用批归一化，并没有给出这样的理由。）",
        "why": "原因：链式法则中的恒等路径",
        "why_1": r"取一个快捷连接为恒等映射、相加之后输出不再被压缩的残差单元：$x_{l+1} = x_l + "
                 r"\mathcal{F}(x_l)$。从单元 $l$ 展开到更深的单元 $L$：",
        "why_2": "由链式法则得到较浅单元处的梯度：",
        "why_3": r"其中的 **1** 就是恒等路径：无论权重如何，$\partial\mathcal{E}/\partial x_L$ 都能直接到达之前的"
                 "每一个单元。要让梯度消失，括号里的项必须恰好抵消为零，而对整个批次同时发生这种情况的可能性很小。"
                 "这就是蓝色曲线始终保持在几个数量级之内的原因。",
        "why_4": "普通网络的括号里没有这个 1：梯度是每层一个雅可比矩阵的连乘，",
        "why_5": "所以如果每个因子都把向量缩小一点，54 个因子连乘就会把它缩小到极小（红色曲线：无批归一化，且使用 "
                 "PyTorch 默认或小值初始化）；如果每个因子都把向量放大，梯度就会爆炸。",
        "why_6": "**推导中理想化的地方。** 它假设相加之后的 ReLU 不起作用（源文章的理由是输入非负）。在论文的 v1 "
                 "残差块中，和 x + F(x) 可能为负，那个 ReLU 确实会截断梯度；预激活（v2）单元去掉了它，下面的 λ 定律"
                 "使用的正是这种单元，所以公式严格成立。分支内的批归一化不会破坏恒等路径，但会改变红色曲线中的雅可比"
                 "矩阵，如右侧图表所示。",
        "law": "λ 快捷连接定律：为什么快捷连接应当恰好是恒等映射",
        "law_general": r"把单元 $i$ 的快捷连接乘以 $\lambda_i$，$x_{i+1} = \lambda_i x_i + \mathcal{F}(x_i)$"
                       r"（恒等映射论文，He 等人 2016，第 3.1 节）。从单元 $l$ 展开到单元 $L$，每个分支都被它后面各"
                       r"单元的 λ 缩放，$\hat{\mathcal F}(x_i) = \big(\prod_{j=i+1}^{L-1}\lambda_j\big)"
                       r"\mathcal{F}(x_i)$：",
        "law_general_2": "较浅单元处的梯度为",
        "law_general_3": r"直接项现在是 $\prod\lambda_i$ 而不是 1：若每个单元的 λ > 1，它随深度爆炸；若 λ < 1，它"
                         r"随深度消失。论文的结论是：这样的快捷连接会阻碍信号，迫使信号经过权重层（即 "
                         r"$\hat{\mathcal F}$ 项），使优化更困难。源文章 003 展开了同样的求和，但它的第二行漏掉了"
                         r"最后一个单元的分支 $+\,\mathcal{F}(x_{L-1})$，也没有写出梯度；它得出的结论与论文相同。",
        "law_intro": r"为了单独测量直接项，关闭残差分支（$\mathcal{F}"
                     r" = 0$，这里通过把每个单元的最后一个卷积置零实现），"
                     "并让每个单元使用同一个 λ。于是每个单元只是乘以 λ，单元 $l$ 与单元 $L$ 之间：",
        "law_depth": "深度",
        "law_depth_option": "预激活 ResNet-{depth}（{units} 个单元）",
        "law_lambdas": "λ 取值",
        "precision": "精度",
        "precision_help": "float64 可表示小到 2.2e-308、大到 1.8e308 的数；float32 只能表示 1.2e-38 到 3.4e38。",
        "choose_lambda": "请至少选择一个 λ。",
        "law_progress": "正在测量该定律……",
        "law_measured_one": "已测量 λ = {value}",
        "col_analytic": "解析值 λ^{units}",
        "col_measured": "实测 ‖∂L/∂x₀‖ / ‖∂L/∂x_{units}‖",
        "col_relative": "相对误差",
        "col_signal": "到达输出头的信号 ‖x_L‖",
        "n_a": "不适用",
        "status_underflow": "下溢",
        "status_overflow": "上溢",
        "status_undefined": "无定义",
        "law_text": "在 {dtype} 精度下、预激活 ResNet-{depth}（{units} 个单元，选项 A 快捷连接）中测得。λ < 1 时，"
                    "到达第一个单元的梯度为 λ^{units}，微乎其微；λ > 1 时梯度爆炸。只有 λ = 1 能让梯度原样通过，"
                    "这正是论文让快捷连接保持纯恒等映射的原因。",
        "training_finding": "训练 {step} 步之后，普通网络的比值为 {plain}，残差网络的比值为 {residual}。",
        "law_caption": "两处阶段过渡（单元 {transitions}）使用选项 A：每隔一个像素取一个（下采样），"
                       "并用零填充补齐通道。反向传播时，每个梯度值回到它原来的像"
                       "素上（范数不变），而填充通道的梯度被丢弃；这里这部分梯度"
                       "恰好为零，因为这些通道直到输出头都保持为零，而 ReLU 在 0 处不传递任何梯度。我们只根据快捷连接"
                       "计算这个因子并把它除掉；它等于 {factors}（λ = {lam}），因此定律在整个网络中都成立。三角形标记"
                       "梯度在所选精度下发生下溢或上溢的单元；如果前向信号本身在到达输出头之前就下溢或上溢，则比值完全"
                       "无定义。",
        "law_failed": "无法用这些设置测量 λ 定律：{error}",
        "training": "训练过程中的同一幅图景",
        "training_intro": "初始化只是起点。这里两个网络都在形状图像上训练 100 步 S"
                          "GD（动量 0.9，学习率 0.1，采用源文章 004 的余弦"
                          "调度），并在第 0 步之前、第 10 步和第 100 步之后，在同一个探测批次上测量梯度分布。",
        "train_depth": "深度",
        "train_depth_help": "保持较小，使训练只需几秒钟。",
        "train_bn": "批归一化",
        "spin_training": "正在训练 {plain} 和 ResNet-{depth}，共 100 步……",
        "col_step": "步数",
        "col_probe_loss": "探测批次上的损失",
        "col_input_ratio": "‖∂L/∂x₀‖ / ‖∂L/∂x_L‖",
        "net_plain": "普通",
        "net_residual": "残差",
        "diverged": "{net}网络在第 {step} 步发散（损失不是有限值）；之后的步数在图中缺失。",
        "training_caption": "每批 {batch} 张 {size}×{size} 像素的图像（比上面小，使训练只需几秒），{init}，残差网络"
                            "中 λ = {lam}。",
        "code": "查看代码",
        "code_profile": "每个范数的测量方法（钩子挂在调用者自己的模型副本上，用完即移除）：",
        "code_law": "以及 λ 定律：",
    },
)
