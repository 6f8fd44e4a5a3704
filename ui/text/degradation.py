"""Text of the degradation page (English / 简体中文)."""

from resnet_viz.i18n import Catalogue

TEXT = Catalogue(
    "degradation",
    en={
        "title": "The degradation problem",
        "question": "**Why does a 56-layer plain net end with a *higher training* error than a 20-layer one, and "
                    "what does the skip connection change?**",
        "stopped": "stopped",
        "no_record": "No training record yet.",
        "yes": ":green[**yes**]",
        "no": ":red[**no**]",
        "claim_line": "- {verdict}: {text}",
        "claim_degrades": "plain-56 ends with a **higher** training error than plain-20: the degradation problem.",
        "claim_beats": "ResNet-56 ends **clearly below** plain-56 (by more than 2 points).",
        "claim_deeper": "ResNet-56 ends at or below ResNet-20 (training error; the training loss decides when both "
                        "errors are equal): the extra depth helps.",
        "partly": ":orange[**partly**]",
        "point_line": "- {verdict}: {text} Holds for **{held} of {total}** seeds.",
        "stored_heading": "The measured answer: a stored, longer run",
        "stored_caption": "Stored run, {seeds} seeds: {steps} steps of {batch} images per net ({epochs} epochs over "
                          "{count} training images of {size}×{size} pixels, 8/16/32 filters), the paper's schedule "
                          "(learning rate {lr}, divided by 10 at 50 % and "
                          "75 % of training), about {minutes} CPU-minutes "
                          "per seed on 2 cores. Reproduce it with `{command}`.",
        "stored_missing": "The stored run is not in this copy of the app. Make it with `{command}` (about {minutes} "
                          "CPU-minutes per seed), or train the live preset below.",
        "points_heading": "The paper's three points, checked on every seed of this run:",
        "col_seed": "seed",
        "error_loss": "{error} (loss {loss})",
        "table_caption": "Final training error (eval mode, whole training set, no augmentation) and final training "
                         "loss per seed.",
        "seed_pick": "Seed shown in the curves",
        "chance_note": "The dashed line is the chance level, {chance}% for {classes} classes: a net at that line has "
                       "learnt nothing.",
        "sweep_heading": "More depth: the paper's Figure 6 as a depth sweep",
        "sweep_line": "- **{kind}** ({depths} layers): mean final training error {errors}; mean final training loss "
                      "{losses}. {trend}",
        "trend_rises": "The error rises with every step in depth.",
        "trend_falls": "The loss falls with every step in depth.",
        "trend_error_falls": "The error falls with every step in depth.",
        "trend_mixed": "Neither the error nor the loss moves the same way at every step in depth.",
        "kind_plain": "Plain nets",
        "kind_residual": "Residual nets",
        "live_points": "**What the live preset shows.** It trains each net for {steps} steps, {ratio} times fewer than "
                       "the stored run above. Stored for {total} seeds (`experiments/degradation_preset.py "
                       "--write-reference`), its three points held for {p1}, {p2} and {p3} of {total} seeds.",
        "live_why": " In so short a run the deeper residual net is still catching up with the shallower one, so the "
                    "third point needs the longer budget of the stored run (the paper trains for 64,000 steps of 128 "
                    "images).",
        "schedule": "Learning-rate schedule",
        "schedule_step": "The paper's: divided by 10 at 50 % and 75 %",
        "schedule_cosine": "Article 004's: cosine decay to 0",
        "col_net": "net",
        "col_params": "parameters",
        "col_final_train": "final training error",
        "col_final_test": "final test error",
        "col_time": "training time",
        "seconds": "{value} s",
        "final_caption": "Final errors are measured after training, in eval mode, on the whole training set (no "
                         "augmentation) and on the held-out test set.",
        "cached_caption": "A finished live run with the settings below (seed {seed}, {preset}, {epochs} epochs), "
                          "cached for everyone who asks for the same settings.",
        "reference_caption": "The live preset's default set as stored by `experiments/degradation_preset.py "
                             "--write-reference`, seed {seed}: {preset}, {count} training images, {epochs} epochs of "
                             "SGD. Press **Run** to train it live.",
        "meaning": "What it means",
        "meaning_1": "- It is the **training** error that is higher, so this is not overfitting: an overfitting net "
                     "fits its training set *better*. The deeper plain net is simply harder to optimise.\n"
                     "- A 56-layer net could copy the 20-layer one and set its 36 extra layers to the identity, so a "
                     "solution at least as good exists. Stacks of plain conv-BN-ReLU layers find it hard to learn the "
                     "identity; a residual block only has to push its branch F(x) towards zero, because the identity "
                     "is built in:",
        "meaning_2": "- **Not (mainly) vanishing gradients.** Several of the source articles name vanishing or "
                     "exploding gradients as the cause. The paper trains with batch norm, reports that the backward "
                     "signals of its plain ImageNet nets keep healthy norms during training, and still sees them "
                     "degrade; its guess is that deep plain nets converge exponentially slowly. This app's small nets "
                     "are measured on the *Gradient flow* page: there, with batch norm, plain-56's gradient does not "
                     "vanish at initialisation but grows towards the input, and its training section shows how it "
                     "moves once training starts.\n"
                     "- The same happens at ImageNet scale, in the paper's Table 2: 34 plain layers are worse than 18, "
                     "while ResNet-34 is clearly better than ResNet-18.",
        "col_layers": "layers",
        "col_plain": "plain",
        "col_resnet": "ResNet",
        "imagenet_caption": "Top-1 error (%) on the ImageNet validation set, 10-crop testing, from the paper's "
                            "Table 2.",
        "run_yourself": "Run it yourself",
        "recipe": "The paper's recipe: He initialisation (fan-out), SGD with momentum 0.9 and weight decay 1e-4, "
                  "learning rate {lr} for batches of {batch} (the paper starts at 0.1 for batches of 128) with the "
                  "schedule chosen below, random flips and crops, on the built-in shapes dataset ({classes} classes). "
                  "Every net sees the same images in the same order.",
        "preset": "Preset",
        "preset_cpu": "CPU preset (narrow: 8/16/32 filters on 16x16 images)",
        "preset_paper": "Paper widths (16/32/64 filters on 32x32 images; for a GPU)",
        "preset_long": "The stored run's budget (8/16/32 filters, 4,800 steps per net; for a GPU)",
        "preset_long_short": "Stored-run",
        "preset_cifar10": "CIFAR-10, the paper's preset (16/32/64 filters, batch 128, 64k iterations; for a GPU)",
        "preset_cifar10_short": "CIFAR-10 (paper)",
        "preset_cifar10-cpu": "CIFAR-10, shortened for a CPU (10,000 images, 800 iterations of 128)",
        "preset_cifar10-cpu_short": "CIFAR-10 (CPU)",
        "cifar_ready": "CIFAR-10 is on this machine and intact (checked by torchvision): `{root}`.",
        "cifar_missing": "This preset needs CIFAR-10, which is not on this machine: a {size} MB download into `{root}` "
                         "(set `RESNET_VIZ_DATA` to put it elsewhere). Without it, the built-in shapes presets work as "
                         "before.",
        "cifar_corrupt": "The CIFAR-10 folder in `{root}` is incomplete or damaged (a file is missing or fails "
                         "torchvision's checksum). Download it again ({size} MB), or use the built-in shapes presets.",
        "cifar_download": "Download CIFAR-10",
        "cifar_redownload": "Download CIFAR-10 again",
        "cifar_progress": "Downloading CIFAR-10: {done} of {total} MB",
        "cifar_failed": "The download did not succeed ({reason}). Without a network the built-in shapes presets keep "
                        "working; try again when the machine is online.",
        "cifar_busy": "Another session is downloading CIFAR-10 right now; reload the page in a minute.",
        "preset_cpu_short": "CPU preset",
        "preset_paper_short": "Paper widths",
        "nets": "Nets to train",
        "epochs": "Epochs",
        "preset_caption": "{preset}: {train} training and {test} test images of {size}×{size} pixels, batch {batch}, "
                          "{steps} steps per net. Seed {seed} (sidebar), device {device}.",
        "choose_net": "Choose at least one net to train.",
        "starting": "starting",
        "where": "{net}: epoch {epoch} of {epochs}",
        "progress": "Training {done} of {total} nets · {where} · {elapsed} s",
        "stop": "Stop",
        "stopping": "Stopping after the current step; everything trained so far stays on the page.",
        "failed": "The run failed: {error}. Try other settings or press Run again.",
        "none": "none",
        "was_stopped": "This run was stopped. Finished nets: {done}. The curves below show everything trained before "
                       "the stop; a stopped run is not cached.",
        "run_again": "Run again",
        "finished": "Finished in {seconds} s; the result is shown above.",
        "gpu_only": "The {preset} preset is meant for a GPU: on this CPU it would take about {minutes} minutes and "
                    "hold the server's cores. Choose the CPU preset.",
        "run_cpu": "Run ({count} nets, about {seconds} s on an idle 2-core CPU)",
        "run_gpu": "Run ({count} nets)",
        "waiting": "Waiting in the queue: **{ahead}** ahead of you. This server trains one run at a time (it has only "
                   "a few CPU cores); yours starts by itself when its turn comes. Keep this page open: a run nobody "
                   "has looked at for {seconds} s leaves the queue.",
        "leave_queue": "Leave the queue",
        "queue_full": "The training queue is full ({capacity} runs waiting). Nothing was started and nothing is lost: "
                      "press Run again when one has finished.",
        "abandoned": "This run was dropped from the queue because nobody was watching it. Press Run to queue it again.",
        "code": "Show the code",
        "code_intro": "Each net is built, trained and evaluated like this (the training loop is "
                      "`resnet_viz.analyses.training.train_classifier`):",
    },
    zh={
        "title": "退化问题",
        "question": "**为什么 56 层的普通网络最终的*训练*误差反而比 20 层的更高？跳跃连接又改变了什么？**",
        "stopped": "已停止",
        "no_record": "还没有训练记录。",
        "yes": ":green[**是**]",
        "no": ":red[**否**]",
        "claim_line": "- {verdict}：{text}",
        "claim_degrades": "普通网络-56 最终的训练误差**高于**普通网络-20：这就是退化问题。",
        "claim_beats": "ResNet-56 最终**明显低于**普通网络-56（相差超过 2 个百分点）。",
        "claim_deeper": "ResNet-56 最终不高于 ResNet-20（比较训练误差；两者误差相同时比较训练损失）：增加的深度带来了"
                        "收益。",
        "partly": ":orange[**部分成立**]",
        "point_line": "- {verdict}：{text}在 {total} 个随机种子中有 **{held} 个**成立。",
        "stored_heading": "实测结果：一次存储的、更长的训练",
        "stored_caption": "存储的训练结果，{seeds} 个随机种子：每个网络 {steps} 步、每步 {batch} 张图像（在 {count} 张 "
                          "{size}×{size} 像素的训练图像上训练 {epochs} 轮，8/16/32 个卷积核），采用论文的学习率调度（"
                          "学习率 {lr}，在训练进行到 50 % 和 75 % 时各除以 10），在双核 CPU 上每个种子约 {minutes} "
                          "CPU 分钟。复现命令：`{command}`。",
        "stored_missing": "这份应用中没有存储的训练结果。可以用 `{command}` 生成（每个随机种子约 {minutes} CPU 分钟），"
                          "或者在下方现场训练 CPU 预设。",
        "points_heading": "论文的三个要点，在这次训练的每个随机种子上逐一检查：",
        "col_seed": "随机种子",
        "error_loss": "{error}（损失 {loss}）",
        "table_caption": "每个随机种子的最终训练误差（评估模式，整个训练集，不做数据增强）和最终训练损失。",
        "seed_pick": "曲线所示的随机种子",
        "chance_note": "虚线是随机猜测水平：{classes} 个类别时为 {chance}%。停在这条线上的网络什么也没有学到。",
        "sweep_heading": "更深的网络：以深度扫描重现论文的图 6",
        "sweep_line": "- **{kind}**（{depths} 层）：平均最终训练误差 {errors}；平均最终训练损失 {losses}。{trend}",
        "trend_rises": "深度每增加一档，误差都上升。",
        "trend_falls": "深度每增加一档，损失都下降。",
        "trend_error_falls": "深度每增加一档，误差都下降。",
        "trend_mixed": "误差和损失都没有随深度的每一档朝同一方向变化。",
        "kind_plain": "普通网络",
        "kind_residual": "残差网络",
        "live_points": "**现场预设能展示什么。** 它每个网络只训练 {steps} 步，比上面存储的训练少 {ratio} 倍。按 "
                       "`experiments/degradation_preset.py --write-reference` 为 {total} 个随机种子存储的结果，三个要点"
                       "分别在 {p1}、{p2} 和 {p3} 个种子上成立（共 {total} 个）。",
        "live_why": "在这么短的训练中，更深的残差网络仍在追赶较浅的那个"
                    "，所以第三点需要存储训练那样更长的预算（论文训练 "
                    "64,000 步、每步 128 张图像）。",
        "schedule": "学习率调度",
        "schedule_step": "论文的做法：在 50 % 和 75 % 时除以 10",
        "schedule_cosine": "源文章 004 的做法：余弦衰减到 0",
        "col_net": "网络",
        "col_params": "参数量",
        "col_final_train": "最终训练误差",
        "col_final_test": "最终测试误差",
        "col_time": "训练时间",
        "seconds": "{value} 秒",
        "final_caption": "最终误差在训练结束后以评估模式测得：训练集取全部样本（不做数据增强），测试集为预留的测试集。",
        "cached_caption": "按下方设置完成的一次现场训练（种子 {seed}，{preset}，{epochs} 轮），已缓存，"
                          "任何人使用相同设置都会直接看到它。",
        "reference_caption": "现场预设默认网络组的存储结果，由 `experiments/degradation_preset.py --write-reference` "
                             "以随机种子 {seed} 测得：{preset}，{count} 张训练图像，SGD 训练 {epochs} 轮。点击**运行**"
                             "可现场训练。",
        "meaning": "这说明了什么",
        "meaning_1": "- 更高的是**训练**误差，所以这不是过拟合：过拟合的网络对训练集拟合得*更好*。"
                     "更深的普通网络只是更难优化。\n"
                     "- 56 层的网络完全可以照搬 20 层的网络，再把多出的 36 层设为恒等映射，所以至少存在一个同样好的解。"
                     "堆叠的普通卷积-BN-ReLU 层很难学出恒等映射；残差块只需把分支 F(x) 推向零，"
                     "因为恒等映射已经内置在跳跃连接中：",
        "meaning_2": "- **（主要）不是梯度消失。** 有几篇源文章把原因归结为梯度消失或梯度爆炸。论文使用批归一化训练，"
                     "报告其 ImageNet 普通网络的反向信号在训练过程中范数正常，却依然看到退化；论文的推测是：深层普通"
                     "网络的收敛速度呈指数级变慢。本应用的小网络在*梯度流*页面上实测：在那里，带批归一化的普通网络-56 "
                     "在初始化时梯度没有消失，而是朝输入方向变大；该页的训练一节展示了训练开始后它如何变化。\n"
                     "- 在 ImageNet 规模上也是如此（论文表 2）：34 层的普通网络比 18 层的差，而 ResNet-34 明显优于 "
                     "ResNet-18。",
        "col_layers": "层数",
        "col_plain": "普通网络",
        "col_resnet": "ResNet",
        "imagenet_caption": "ImageNet 验证集上的 top-1 误差（%），10-crop 测试，取自论文表 2。",
        "run_yourself": "自己动手运行",
        "recipe": "采用论文的训练方法：He 初始化（fan-out），动量 0.9、权重衰减 1e-4 的 SGD，批大小 {batch} 时学习率"
                  "为 {lr}（论文为批大小 128、学习率 0.1），学"
                  "习率调度在下方选择，随机翻转和裁剪，数据为内置的形状数据集"
                  "（{classes} 个类别）。每个网络以相同顺序看到相同的图像。",
        "preset": "预设",
        "preset_cpu": "CPU 预设（窄网络：16x16 图像上 8/16/32 个卷积核）",
        "preset_paper": "论文宽度（32x32 图像上 16/32/64 个卷积核；需要 GPU）",
        "preset_long": "存储训练的预算（8/16/32 个卷积核，每个网络 4,800 步；需要 GPU）",
        "preset_long_short": "存储训练",
        "preset_cifar10": "CIFAR-10，论文的预设（16/32/64 个卷积核，批大小 128，64k 次迭代；需要 GPU）",
        "preset_cifar10_short": "CIFAR-10（论文）",
        "preset_cifar10-cpu": "CIFAR-10，为 CPU 缩短的版本（10,000 张图像，800 次迭代，每次 128 张）",
        "preset_cifar10-cpu_short": "CIFAR-10（CPU）",
        "cifar_ready": "CIFAR-10 已在本机且完好（由 torchvision 校验）：`{root}`。",
        "cifar_missing": "这个预设需要 CIFAR-10，本机上还没有：需要下载 {size} MB 到 `{root}`（设置 `RESNET_VIZ_DATA` "
                         "可以改放到别处）。没有它，内置形状数据集的预设照常可用。",
        "cifar_corrupt": "`{root}` 中的 CIFAR-10 文件夹不完整或已损坏（有文件缺失或未通过 torchvision 的校验）。请重新"
                         "下载（{size} MB），或使用内置形状数据集的预设。",
        "cifar_download": "下载 CIFAR-10",
        "cifar_redownload": "重新下载 CIFAR-10",
        "cifar_progress": "正在下载 CIFAR-10：{done} / {total} MB",
        "cifar_failed": "下载没有成功（{reason}）。没有网络时，内置形状数据集的预设照常可用；联网后可以再试一次。",
        "cifar_busy": "另一个会话正在下载 CIFAR-10；请一分钟后刷新页面。",
        "preset_cpu_short": "CPU",
        "preset_paper_short": "论文宽度",
        "nets": "要训练的网络",
        "epochs": "训练轮数",
        "preset_caption": "{preset}：{train} 张训练图像和 {test} 张测试图像，尺寸 {size}×{size} 像素，批大小 {batch}，"
                          "每个网络 {steps} 步。种子 {seed}（侧边栏），设备 {device}。",
        "choose_net": "请至少选择一个要训练的网络。",
        "starting": "正在启动",
        "where": "{net}：第 {epoch} 轮，共 {epochs} 轮",
        "progress": "正在训练第 {done} 个网络，共 {total} 个 · {where} · {elapsed} 秒",
        "stop": "停止",
        "stopping": "将在当前这一步之后停止；已训练的部分会保留在页面上。",
        "failed": "运行失败：{error}。请换一组设置，或再次点击运行。",
        "none": "无",
        "was_stopped": "这次运行已被停止。已完成的网络：{done}。下面的曲线显示了停止前训练的全部内容；"
                       "被停止的运行不会缓存。",
        "run_again": "重新运行",
        "finished": "用时 {seconds} 秒完成；结果显示在上方。",
        "gpu_only": "{preset}预设是为 GPU 准备的：在这台 CPU 上大约需要 {minutes} 分钟，并会占满服务器的核心。"
                    "请选择 CPU 预设。",
        "run_cpu": "运行（{count} 个网络，在空闲的双核 CPU 上约 {seconds} 秒）",
        "run_gpu": "运行（{count} 个网络）",
        "waiting": "排队等待中：前面还有 **{ahead}** 个。这台服务器一次只训练一个任务（它只有几个 CPU 核心）；"
                   "轮到你时会自动开始。请保持本页面打开：{seconds} 秒内无人查看的任务会离开队列。",
        "leave_queue": "退出队列",
        "queue_full": "训练队列已满（有 {capacity} 个任务在等待）。没有启动任何任务，也没有丢失任何内容："
                      "请在有任务完成后再次点击运行。",
        "abandoned": "这个任务因为无人查看已离开队列。点击运行可重新排队。",
        "code": "查看代码",
        "code_intro": "每个网络都按如下方式构建、训练和评估（训练循环为 "
                      "`resnet_viz.analyses.training.train_classifier`）：",
    },
)
