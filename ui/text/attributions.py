from resnet_viz.i18n import Catalogue

TEXT = Catalogue(
    "attributions",
    en={
        "title": "Attributions",
        "question": "**Which pixels does a trained ResNet use for its decision, and is the map about the model "
                    "or only about the image?**",
        # models, inputs and the controls at the top
        "model": "Model",
        "model_shapes-residual": "Shapes ResNet-20 (trained, residual)",
        "model_shapes-plain": "Shapes plain-20 (trained, no skips)",
        "model_imagenet": "ImageNet ResNet (photos)",
        "shape_index": "Held-out shape image (0 to {last})",
        "shape_index_help": "Drawn from a seed the models never saw during training.",
        "photo": "Photo",
        "photo_sample": "built-in sample",
        "photo_upload": "upload",
        "upload": "An image (PNG or JPEG)",
        "upload_missing": "Upload a photo, or switch to a built-in sample.",
        "upload_bad": "This upload cannot be used: {error}",
        "sample": "Sample",
        "sample_cat": "Chelsea the cat",
        "sample_coffee": "A cup of coffee",
        "sample_astronaut": "Astronaut Eileen Collins",
        "sample_grace_hopper": "Grace Hopper",
        "sample_rocket": "A rocket launch",
        "depth": "Depth",
        "depth_help": "Deeper nets are slower on a CPU (ResNet-152: about 6x ResNet-18).",
        "target": "Target class to explain",
        "target_help": "Defaults to the predicted class; any class can be explained.",
        "target_option": "{name} ({percent}%)",
        "methods": "Methods (side by side)",
        "drawing": "**How the maps are drawn**",
        "drawing_fixed": "This tab fixes the views and the colour scale, so that its maps compare like with like; "
                         "sign and percentile apply.",
        "drawing_none": "This tab draws no attribution maps; the options apply to the first three tabs.",
        "views": "Views",
        "view_original": "Original",
        "sign": "Sign",
        "sign_all": "all",
        "sign_positive": "positive",
        "sign_negative": "negative",
        "sign_absolute": "absolute",
        "sign_help_all": "signed: red positive, blue negative. For Integrated Gradients, DeepLift, GradientSHAP and "
                         "Occlusion the sign says whether a pixel raised or lowered the score against the baseline; "
                         "for Saliency and Guided Backprop it is only the sign of a local derivative",
        "sign_help_positive": "only the positive values",
        "sign_help_negative": "only the negative values (shown as magnitudes)",
        "sign_help_absolute": "magnitude, whatever the sign",
        "scale": "Colour scale",
        "scale_per_method": "per method",
        "scale_shared": "shared",
        "scale_help": "Methods measure different things (gradients, changes of the logit), so each has its own "
                      "scale by default; a shared scale compares raw values.",
        "percentile": "Scale ends at percentile",
        "percentile_help": "Brighter pixels saturate: one hot pixel cannot wash out the map.",
        "parameters": "Method parameters",
        "weights_note": "{weights}.",
        "weights_warning": "{weights}. {note}",
        "random_weights": "Attributions of a random-weight model are meaningless beyond showing the mechanics: the "
                          "map can only reflect the image and the architecture. Choose pretrained weights in the "
                          "sidebar where they can be downloaded.",
        # parameters of the methods (the labels are Captum's argument names)
        "help_n_steps": "points on the path from the baseline to the input (more = more exact integral)",
        "help_method": "the quadrature rule for the path integral",
        "help_baseline": "the reference image that means 'no information'",
        "help_internal_batch_size": "how many path points go through the model at once",
        "help_nt_samples": "noisy copies averaged",
        "help_stdevs": "noise standard deviation (pixels are in [0, 1])",
        "help_nt_samples_batch_size": "noisy copies per model call",
        "help_nt_type": "mean, mean of squares, or variance",
        "help_base": "the method run on every noisy copy",
        "help_n_samples": "random baseline/path samples",
        "help_window": "side of the square patch (pixels)",
        "help_stride": "step between patch positions (pixels)",
        "help_perturbations_per_eval": "occluded copies per model call",
        "help_layer": "whose output Grad-CAM weighs",
        "help_interpolate_mode": "how the coarse map is upsampled to the input",
        "help_relu": "keep only the positive part",
        "help_multiply_by_inputs": "multiply by (input - baseline): global attribution",
        "help_absolute": "take |gradient|",
        "help_seed": "random seed of the noise",
        "baseline_black": "black",
        "baseline_white": "white",
        "baseline_grey": "grey",
        "baseline_blur": "blur",
        "baseline_noise": "noise",
        "baseline_black+white": "black+white",
        # the methods
        "method_integrated_gradients": "Integrated Gradients",
        "method_saliency": "Saliency",
        "method_smoothgrad": "SmoothGrad (NoiseTunnel)",
        "method_gradient_shap": "GradientShap",
        "method_deeplift": "DeepLift",
        "method_guided_backprop": "Guided Backprop",
        "method_guided_gradcam": "Guided Grad-CAM",
        "method_gradcam": "Grad-CAM (LayerGradCam)",
        "method_occlusion": "Occlusion",
        "summary_integrated_gradients": "Average gradient along the straight path from a baseline image to the "
                                        "input, times (input - baseline).",
        "summary_saliency": "The gradient of the class score with respect to each input pixel.",
        "summary_smoothgrad": "Averages a method over noisy copies of the input, which removes much of the "
                              "gradient's speckle.",
        "summary_gradient_shap": "Expected gradient x (input - baseline) over random baselines and random points "
                                 "between them and a noisy input: an approximation of SHAP values.",
        "summary_deeplift": "Compares every neuron's activation with its activation on a baseline and propagates "
                            "the differences back with the rescale rule (one backward pass).",
        "summary_guided_backprop": "The gradient, but every ReLU lets only positive gradients flow back.",
        "summary_guided_gradcam": "Guided Backprop multiplied pixel by pixel with the upsampled Grad-CAM map.",
        "summary_gradcam": "Weights each channel of a stage's output by its average gradient, sums, keeps the "
                           "positive part, and upsamples to the input.",
        "summary_occlusion": "Slides a patch of baseline colour over the image and records how much the class "
                             "score drops.",
        "method_failed": "{method}: {error}",
        # shapes classes
        "class_circle": "circle",
        "class_square": "square",
        "class_triangle": "triangle",
        "class_cross": "cross",
        "class_ring": "ring",
        "class_bar": "bar",
        # waiting
        "spin_shapes": "Loading the trained shapes model...",
        "spin_randomise": "Randomising a copy of the model...",
        "spin_delta": "Integrated Gradients with 4 to {high} steps...",
        "spin_mask": "Integrated Gradients on 50 held-out shapes...",
        "progress": "{method}...",
        "progress_done": "{method}: {percent} of the model evaluations",
        "waiting_turn": "{method}: waiting for a turn, **{ahead}** ahead of you. Large attributions run one at a "
                        "time on this server (it has only a few CPU cores), so each finishes sooner; yours starts "
                        "by itself. Another student's identical request is shared, not queued.",
        # the answer
        "verdict": "The model says **{predicted}** with {percent}% probability.",
        "verdict_shape": "The model says **{predicted}** with {percent}% probability; the true shape is "
                         "**{true}**.",
        "mask_share": "The shape covers **{area}%** of the image. {method} puts **{share}%** of its positive "
                      "attribution on it ({ratio}x chance).",
        "no_mask": "Photos have no object mask, so here only your eyes judge whether a map sits on the object. "
                   "The shapes models (top left) come with masks and a measured answer.",
        "tab_methods": "Methods side by side",
        "tab_twins": "Plain vs residual",
        "tab_sanity": "Sanity check: randomised model",
        "tab_completeness": "Integrated Gradients completeness",
        "tab_mask": "50-image check",
        "tab_how": "How the methods work",
        "tab_faithfulness": "Faithfulness: deletion, insertion, randomisation",
        "faith_intro": "**Do the maps point at what the model uses?** Drawing a map proves nothing; here the maps are "
                       "*measured*. **Deletion** (Petsiuk et al. 2018): set the pixels a map ranks highest to black "
                       "first and watch the probability of the true class fall; a faithful map makes it fall fast "
                       "(small area under the curve). **Insertion**: start from a blurred image and put those pixels "
                       "back first; the probability should rise fast (large area). A random map and the true object "
                       "mask are the references. **Cascading randomisation** (Adebayo et al. 2018): re-initialise the "
                       "model's stages from the output back; a map that explains the model should change with it.",
        "faith_imagenet": "These measurements need held-out images with known classes and object masks: choose a "
                          "shapes model at the top.",
        "faith_images": "Held-out images for a live recompute",
        "faith_run": "Recompute live on {count} images",
        "faith_not_stored": "No stored result for this model: press the button to measure it live.",
        "faith_progress": "Measuring the maps (every method on every image)...",
        "faith_stored_caption": "Stored result, made by `{source}` ({curves} s for the curves, {cascade} s for the "
                                "cascade on the 2-core CPU). Press the button to recompute it live.",
        "faith_live_caption": "Computed live: curves on {count} held-out images, the cascade on {cascade}.",
        "faith_none": "none",
        "faith_col_map": "map",
        "faith_col_deletion": "deletion AUC (mean ± 95 % interval)",
        "faith_col_insertion": "insertion AUC (mean ± 95 % interval)",
        "yes_word": "yes",
        "no_word": "no",
        "faith_verdict": "**Measured on {count} held-out images** (a method *beats* the random map when the paired "
                         "difference of their areas has its 95 % interval entirely on the better side):\n"
                         "- beat the random map on **both** curves: {both}\n"
                         "- on deletion only: {deletion}\n"
                         "- on insertion only: {insertion}\n"
                         "- on neither: {neither}\n"
                         "- the true object mask beats it on deletion: {mask_deletion}; on insertion: "
                         "{mask_insertion}. Deleting the object to black leaves its black silhouette, which still "
                         "shows the shape, so the mask is no upper bound here.",
        "faith_curves_caption": "Deletion sets the most important pixels to black first; insertion puts them into "
                                "the blurred image first. {steps} steps of 1/{steps} of the pixels each; ties in a "
                                "map are broken at random. The target is the true class of each image.",
        "faith_cascade_verdict": "**Cascading randomisation.** With {stages} re-initialised, the maps of {unchanged} "
                                 "keep a mean rank correlation above {threshold} with the trained model's maps: they "
                                 "barely change although the model's decision has been destroyed. The maps of "
                                 "{changed} change with the model, as a faithful explanation should.",
        "faith_cascade_caption": "Spearman rank correlation of the absolute maps (channels summed), averaged over the "
                                 "images; the true class is the target at every step.",
        "reference_random": "random map",
        "reference_mask": "true object mask",
        # methods side by side
        "no_methods": "Choose at least one method above.",
        "maps_title": "Attributions for '{target}'",
        "maps_caption": "Channels are summed into one number per pixel. Red pushes the class score up, blue "
                        "pushes it down (Grad-CAM is positive by construction).",
        "maps_outline": "The dotted line is the shape's outline.",
        "maps_per_method": "Each method has its own colour scale: the methods measure different things "
                           "(gradients, changes of the logit), and on one shared scale the maps with small values "
                           "would look almost blank next to large ones such as Occlusion's. Choose a **shared** "
                           "colour scale above to compare the raw values directly.",
        "maps_shared": "One shared colour scale compares the methods' raw values directly; they are in different "
                       "units (gradients vs. logit changes), so maps with small values look almost blank. The "
                       "**per method** scale shows each map's own structure.",
        "col_method": "method",
        "col_seconds": "compute time (s)",
        "col_sum": "sum of attributions",
        "col_delta": "|convergence delta|",
        "col_share": "positive share on object (%)",
        # plain vs residual
        "twins_intro": "**Same image, same method, both trained nets.** Both learnt the task (held-out accuracy "
                       "over 90% each); do they look at the same pixels?",
        "twins_need_shapes": "Only the shapes models come with a trained plain twin; a plain ImageNet ResNet would "
                             "need days of training. Choose a shapes model at the top.",
        "method": "Method",
        "twin_residual": "ResNet-20",
        "twin_plain": "Plain-20",
        "twin_column": "{name}<br>p({target}) = {percent}%",
        "twins_title": "{method}: residual vs plain",
        "twins_result": "Rank correlation (Spearman) between the two maps: **{rho}**. Positive attribution on the "
                        "shape: residual **{residual}%**, plain **{plain}%** (the shape covers {area}%).",
        "twins_caption": "One shared colour scale: the same quantity from two models. Same depth, widths, data and "
                         "training recipe; the only difference is the identity shortcut. Two nets that agree on "
                         "the answer can still disagree on the reason: a low rank correlation means they weigh "
                         "different pixels.",
        # sanity check
        "sanity_intro": "**Does the map depend on what the model learnt?** Adebayo et al. (2018) replace the "
                        "trained weights with random ones, from the top layer down. A method whose map stays the "
                        "same is showing the image (edges, colours), not the model's reasoning.",
        "sanity_count": "Stages randomised, from the output down",
        "sanity_order": "Order: {order}",
        "sanity_state": "Randomised: {randomised}. Kept: {kept}.",
        "nothing": "nothing",
        "own_trained": "trained",
        "own_random": "sidebar's model (random)",
        "randomised_column": "top {count} randomised",
        "sanity_title": "{method}: trained vs randomised",
        "rho_signed": "Spearman rank correlation (signed maps)",
        "rho_abs": "Spearman rank correlation (|maps|)",
        "rho_na": "n/a (a map is constant)",
        "sanity_caption": "Near 1: the map barely changed, so it cannot be explaining the learnt weights. Near 0: "
                          "the method is sensitive to the model, as it should be. Each panel has its own colour "
                          "scale because random weights change the size of the logits. Adebayo et al. found Guided "
                          "Backprop (the default here) nearly blind to the top layers: it mostly redraws the "
                          "image's edges.",
        # completeness
        "complete_intro": "Integrated Gradients is *complete*: the attributions add up to how much the class score "
                          "(the logit, before softmax) changes between the baseline and the input.",
        "sum": "sum of attributions",
        "score": "f(x)",
        "baseline_score": "f(baseline: {baseline})",
        "gap": "gap = convergence delta",
        "relative": " ({percent}% of f(x) − f(baseline))",
        "complete_caption": "{steps} steps, rule '{rule}'. The gap is recomputed here from two forward "
                            "passes{relative}; Captum reports |delta| = {delta}.",
        "curve_button": "Compute the convergence curve (several Integrated Gradients runs)",
        "curve_caption": "The integral is approximated by a sum over the path, so more steps give a smaller gap, "
                         "but not smoothly: a ReLU network is piecewise linear, and its gradient jumps wherever "
                         "the path crosses a kink. The delta bounds only the *"
                         "sum*: errors of single pixels can cancel in it, so a "
                         "small delta does not make every pixel's value exact.",
        # 50-image check
        "mask_intro": "**Is the object test passed on average, not only on a lucky image?** Integrated Gradients "
                      "(32 steps, black baseline) for the true class on"
                      " 50 held-out shapes. A black baseline gives zero "
                      "attribution to black pixels whatever their role (Sturmfels et al. 2020), which is why other "
                      "baselines are offered above.",
        "mask_need_shapes": "Needs object masks: choose a shapes model at the top.",
        "mean_share": "mean share of positive attribution on the object",
        "mean_area": "mean share of the image the object covers",
        "ratio": "ratio (goal: at least 2x)",
        # how the methods work
        "method_entry": "**{title}.** {summary}",
        "modules_note": "DeepLift and Guided Backprop change how gradients pass through each ReLU, so they need "
                        "every ReLU to be its own module. The PyTorch block in article 004 writes "
                        "`nn.ReLU()(out)` inline, which creates a new, invisible ReLU on every call; our blocks "
                        "keep one `nn.ReLU` per use and the addition as its own `Add` module. Captum Insights (its "
                        "old web UI) was removed in Captum 0.9; this page calls `captum.attr` directly.",
        "show_code": "Show the code",
    },
    zh={
        "title": "归因分析",
        "question": "**训练好的 ResNet 依据哪些像素做出判断？这张归因图反映的是模型，还是只反映了图像本身？**",
        "model": "模型",
        "model_shapes-residual": "形状数据集 ResNet-20（已训练，残差网络）",
        "model_shapes-plain": "形状数据集普通网络-20（已训练，无跳跃连接）",
        "model_imagenet": "ImageNet ResNet（照片）",
        "shape_index": "留出的形状图像（0 到 {last}）",
        "shape_index_help": "由一个训练时从未用过的随机种子生成。",
        "photo": "照片",
        "photo_sample": "内置示例",
        "photo_upload": "上传",
        "upload": "一张图像（PNG 或 JPEG）",
        "upload_missing": "请上传一张照片，或切换到内置示例。",
        "upload_bad": "无法使用上传的文件：{error}",
        "sample": "示例图像",
        "sample_cat": "猫咪 Chelsea",
        "sample_coffee": "一杯咖啡",
        "sample_astronaut": "宇航员 Eileen Collins",
        "sample_grace_hopper": "Grace Hopper",
        "sample_rocket": "火箭发射",
        "depth": "深度",
        "depth_help": "网络越深，在 CPU 上越慢（ResNet-152 约为 ResNet-18 的 6 倍）。",
        "target": "要解释的目标类别",
        "target_help": "默认为模型预测的类别；任何类别都可以解释。",
        "target_option": "{name}（{percent}%）",
        "methods": "方法（并排比较）",
        "drawing": "**归因图的画法**",
        "drawing_fixed": "本标签页固定视图和色标，使各图可以直接比较；符号和百分位仍然生效。",
        "drawing_none": "本标签页不画归因图；这些选项作用于前三个标签页。",
        "views": "视图",
        "view_original": "原图",
        "sign": "符号",
        "sign_all": "全部",
        "sign_positive": "正值",
        "sign_negative": "负值",
        "sign_absolute": "绝对值",
        "sign_help_all": "带符号：红色为正，蓝色为负。对积分梯度、DeepLift、"
                         "GradientSHAP 和遮挡法，符号表示相对基线该像素"
                         "提高还是降低了得分；对显著图和导向反向传播，它只是局部导数的符号",
        "sign_help_positive": "只看正值",
        "sign_help_negative": "只看负值（以绝对值显示）",
        "sign_help_absolute": "大小，不论正负",
        "scale": "色标",
        "scale_per_method": "每种方法各自",
        "scale_shared": "共用",
        "scale_help": "各方法度量的量不同（梯度、logit 的变化），所以默认每种方法使用各自的色标；共用色标则直接比较"
                      "原始数值。",
        "percentile": "色标截止百分位",
        "percentile_help": "更亮的像素会饱和：单个极亮的像素不会让整张图褪色。",
        "parameters": "方法参数",
        "weights_note": "{weights}。",
        "weights_warning": "{weights}。{note}",
        "random_weights": "随机权重模型的归因除了演示计算过程之外没有意义：归因图只能反映图像和网络结构。在可以下载"
                          "的环境中，请在侧边栏选择预训练权重。",
        "help_n_steps": "从基线到输入的路径上取的点数（越多，积分越精确）",
        "help_method": "路径积分的数值积分规则",
        "help_baseline": "代表“没有信息”的参考图像",
        "help_internal_batch_size": "一次送入模型的路径点数",
        "help_nt_samples": "取平均的加噪副本数",
        "help_stdevs": "噪声标准差（像素取值在 [0, 1] 内）",
        "help_nt_samples_batch_size": "每次调用模型处理的加噪副本数",
        "help_nt_type": "均值、平方的均值或方差",
        "help_base": "在每个加噪副本上运行的方法",
        "help_n_samples": "随机基线/路径的采样数",
        "help_window": "方形遮挡块的边长（像素）",
        "help_stride": "遮挡块每次移动的步幅（像素）",
        "help_perturbations_per_eval": "每次调用模型处理的遮挡副本数",
        "help_layer": "Grad-CAM 对哪一层的输出加权",
        "help_interpolate_mode": "粗糙的图如何上采样到输入大小",
        "help_relu": "只保留正值部分",
        "help_multiply_by_inputs": "乘以 (input - baseline)：全局归因",
        "help_absolute": "取 |梯度|",
        "help_seed": "噪声的随机种子",
        "baseline_black": "全黑（black）",
        "baseline_white": "全白（white）",
        "baseline_grey": "灰色（grey）",
        "baseline_blur": "模糊（blur）",
        "baseline_noise": "噪声（noise）",
        "baseline_black+white": "全黑+全白（black+white）",
        "method_integrated_gradients": "积分梯度",
        "method_saliency": "显著图",
        "method_smoothgrad": "SmoothGrad (NoiseTunnel)",
        "method_gradient_shap": "GradientShap",
        "method_deeplift": "DeepLift",
        "method_guided_backprop": "导向反向传播",
        "method_guided_gradcam": "导向 Grad-CAM",
        "method_gradcam": "Grad-CAM (LayerGradCam)",
        "method_occlusion": "遮挡法",
        "summary_integrated_gradients": "沿从基线图像到输入的直线路径对梯度求平均，再乘以 (input - baseline)。",
        "summary_saliency": "类别得分对每个输入像素的梯度。",
        "summary_smoothgrad": "在输入的多个加噪副本上运行同一种方法并取平均，可以去掉梯度中的大部分斑点噪声。",
        "summary_gradient_shap": "在随机基线、以及基线与加噪输入之间的随机点上，求梯度 x (input - baseline) 的期望："
                                 "SHAP 值的一种近似。",
        "summary_deeplift": "把每个神经元的激活与它在基线上的激活相比较，再用 rescale 规则把差值反向传播回去（只需一"
                            "次反向传播）。",
        "summary_guided_backprop": "就是梯度，只是每个 ReLU 只让正的梯度反向流过。",
        "summary_guided_gradcam": "导向反向传播的结果与上采样后的 Grad-CAM 图逐像素相乘。",
        "summary_gradcam": "用某一阶段输出的每个通道的平均梯度给该通道加权，求和，保留正值部分，再上采样到输入大小。",
        "summary_occlusion": "用一块基线颜色的小方块在图像上滑动遮挡，记录类别得分下降了多少。",
        "method_failed": "无法计算{method}：{error}",
        "class_circle": "圆形",
        "class_square": "正方形",
        "class_triangle": "三角形",
        "class_cross": "十字形",
        "class_ring": "圆环",
        "class_bar": "长条",
        "spin_shapes": "正在加载训练好的形状模型...",
        "spin_randomise": "正在随机化模型的一个副本...",
        "spin_delta": "正在以 4 到 {high} 步运行积分梯度...",
        "spin_mask": "正在对 50 张留出的形状图像计算积分梯度...",
        "progress": "{method}...",
        "progress_done": "{method}：已完成 {percent} 的模型计算",
        "waiting_turn": "{method}：排队等待中，前面还有 **{ahead}** 个。这台服务器一次只计算一个大型归因（它只有几个 "
                        "CPU 核心），这样每个都能更快完成；轮到你时会自动开始。其他同学完全相同的请求会共享结果，"
                        "不必排队。",
        "verdict": "模型判断为 **{predicted}**，概率 {percent}%。",
        "verdict_shape": "模型判断为 **{predicted}**，概率 {percent}%；真实形状是 **{true}**。",
        "mask_share": "形状占图像的 **{area}%**。{method}把 **{share}%** 的正归因放在形状上（是随机水平的 {ratio} 倍"
                      "）。",
        "no_mask": "照片没有物体掩码，因此这里只能靠你的眼睛判断归因图是否落在物体上。形状模型（左上方）带有掩码，能"
                   "给出量化的答案。",
        "tab_methods": "方法并排比较",
        "tab_twins": "普通网络 vs 残差网络",
        "tab_sanity": "合理性检验：随机化模型",
        "tab_completeness": "积分梯度的完备性",
        "tab_mask": "50 张图像的检验",
        "tab_how": "各方法的原理",
        "tab_faithfulness": "可信度：删除、插入、随机化",
        "faith_intro": "**归因图指向的是模型真正使用的东西吗？** 画出一张图什么也证明不了；这里对归因图进行*测量*。"
                       "**删除**（Petsiuk 等人 2018）：先把图中排名最高的像素置为黑色，观察真实类别的概率下降；可信的"
                       "归因图会让它下降得快（曲线下面积小）。**插入**：从模糊图像开始，先把这些像素放回去；概率应当"
                       "上升得快（面积大）。随机图和真实的物体掩码作为参照。**级联随机化**（Adebayo 等人 2018）：从输出"
                       "端往回逐个重新初始化模型的阶段；能解释模型的归因图应当随之改变。",
        "faith_imagenet": "这些测量需要已知类别和物体掩码的留出图像：请在顶部选择一个形状模型。",
        "faith_images": "现场重新计算所用的留出图像数",
        "faith_run": "在 {count} 张图像上现场重新计算",
        "faith_not_stored": "这个模型没有存储的结果：点击按钮现场测量。",
        "faith_progress": "正在测量归因图（每种方法、每张图像）……",
        "faith_stored_caption": "存储的结果，由 `{source}` 生成（在双核 CPU 上曲线用时 {curves} 秒，级联用时 {cascade} "
                                "秒）。点击按钮可现场重新计算。",
        "faith_live_caption": "现场计算：曲线基于 {count} 张留出图像，级联基于 {cascade} 张。",
        "faith_none": "无",
        "faith_col_map": "归因图",
        "faith_col_deletion": "删除 AUC（均值 ± 95 % 区间）",
        "faith_col_insertion": "插入 AUC（均值 ± 95 % 区间）",
        "yes_word": "是",
        "no_word": "否",
        "faith_verdict": "**在 {count} 张留出图像上测得**（当两者面积的逐图差值的 95 % 区间完全落在更好的一侧时，"
                         "称该方法*胜过*随机图）：\n"
                         "- 在**两条**曲线上都胜过随机图：{both}\n"
                         "- 只在删除曲线上：{deletion}\n"
                         "- 只在插入曲线上：{insertion}\n"
                         "- 两条都没有：{neither}\n"
                         "- 真实物体掩码在删除曲线上胜过随机图：{mask_deletion}；在插入曲线上：{mask_insertion}。把物体"
                         "删成黑色后会留下黑色的轮廓，仍然能看出形状，所以掩码在这里并不是上限。",
        "faith_curves_caption": "删除先把最重要的像素置为黑色；插入先把它们放回模糊图像。共 {steps}"
                                " 步，每步 1/{steps} 的像素；图中取值相同的像素按随机顺序排列。"
                                "目标类别是每张图像的真实类别。",
        "faith_cascade_verdict": "**级联随机化。** 重新初始化 {stages} 之后，{unchanged} 的归因图与训练好的模型的归因"
                                 "图的平均秩相关仍高于 {threshold}：虽然模型"
                                 "的决策已被破坏，它们几乎没有变化。{changed} "
                                 "的归因图随模型而改变，这才是可信的解释应有的表现。",
        "faith_cascade_caption": "对绝对值归因图（各通道求和）计算 Spearman 秩相关，再对图像取平均；每一步的目标都是"
                                 "真实类别。",
        "reference_random": "随机图",
        "reference_mask": "真实物体掩码",
        "no_methods": "请在上方至少选择一种方法。",
        "maps_title": "对“{target}”的归因",
        "maps_caption": "各通道求和后，每个像素得到一个数值。红色推高类别得分，蓝色压低类别得分（Grad-CAM 按构造为正"
                        "）。",
        "maps_outline": "虚线是形状的轮廓。",
        "maps_per_method": "每种方法使用各自的色标：各方法度量的量不同（梯度、logit 的变化），若共用一个色标，数值较"
                           "小的归因图在数值大的（例如遮挡法的）旁边几乎一片空白。在上方选择**共用**色标，即可直接比"
                           "较原始数值。",
        "maps_shared": "共用一个色标可以直接比较各方法的原始数值；但它们的单位不同（梯度与 logit 的变化），数值较小"
                       "的归因图看起来几乎是空白的。选择**每种方法各自**的色标可以看清每张图自身的结构。",
        "col_method": "方法",
        "col_seconds": "计算时间 (s)",
        "col_sum": "归因值之和",
        "col_delta": "|收敛误差 delta|",
        "col_share": "正归因落在物体上 (%)",
        "twins_intro": "**同一张图像，同一种方法，两个训练好的网络。** 两者都学会了这个任务（留出集准确率均超过 90%"
                       "）；它们看的是同样的像素吗？",
        "twins_need_shapes": "只有形状模型配有训练好的普通网络孪生模型；普通的 ImageNet 网络需要训练好几天。请在顶部"
                             "选择一个形状模型。",
        "method": "方法",
        "twin_residual": "ResNet-20",
        "twin_plain": "普通网络-20",
        "twin_column": "{name}<br>p({target}) = {percent}%",
        "twins_title": "{method}：残差网络 vs 普通网络",
        "twins_result": "两张归因图之间的秩相关系数（Spearman）：**{rho}**。正归因落在形状上的比例：残差网络 **"
                        "{residual}%**，普通网络 **{plain}%**（形状占图像的 {area}%）。",
        "twins_caption": "共用一个色标：两个模型的同一个量。深度、宽度、数据和训练方法都相同，唯一的区别是恒等快捷连"
                         "接。答案一致的两个网络，理由仍可能不同：秩相关系数低，说明它们看重的是不同的像素。",
        "sanity_intro": "**归因图取决于模型学到的东西吗？** Adebayo 等人（2018）从最顶层开始往下，把训练好的权重逐层"
                        "换成随机权重。如果某种方法的归因图保持不变，它展示的就是图像本身（边缘、颜色），而不是模型"
                        "的推理。",
        "sanity_count": "随机化的阶段数（从输出端往下）",
        "sanity_order": "顺序：{order}",
        "sanity_state": "已随机化：{randomised}。保留：{kept}。",
        "nothing": "无",
        "own_trained": "训练后",
        "own_random": "侧边栏的模型（随机权重）",
        "randomised_column": "顶部 {count} 个阶段已随机化",
        "sanity_title": "{method}：训练后 vs 随机化",
        "rho_signed": "Spearman 秩相关系数（带符号的归因图）",
        "rho_abs": "Spearman 秩相关系数（|归因图|）",
        "rho_na": "无法计算（有一张图是常数）",
        "sanity_caption": "接近 1：归因图几乎没变，所以它不可能在解释学到的权重。接近 0：该方法对模型敏感，这正是应"
                          "有的表现。每个面板使用各自的色标，因为随机权重会改变 logit 的大小。Adebayo 等人发现，导向"
                          "反向传播（这里的默认方法）对顶部各层几乎视而不见：它主要是在重新描绘图像的边缘。",
        "complete_intro": "积分梯度是*完备*的：所有归因值之和，等于类别得分（softmax 之前的 logit）从基线到输入的变"
                          "化量。",
        "sum": "归因值之和",
        "score": "f(x)",
        "baseline_score": "f(基线：{baseline})",
        "gap": "差值 = 收敛误差 delta",
        "relative": "（占 f(x) − f(基线) 的 {percent}%）",
        "complete_caption": "{steps} 步，积分规则 '{rule}'。这里的差值由两次前向传播重新算出{relative}；Captum 报告的"
                            " |delta| = {delta}。",
        "curve_button": "计算收敛曲线（需多次运行积分梯度）",
        "curve_caption": "积分由沿路径的求和来近似，所以步数越多差值越小，但并不平滑：ReLU 网络是分段线性的，路径每"
                         "越过一个折点，梯度就会跳变。delta 只约束归因值的*总和"
                         "*：单个像素的误差可以在求和中相互抵消，所以 delta 小"
                         "并不意味着每个像素的值都准确。",
        "mask_intro": "**物体检验是平均而言都能通过，还是只在碰巧的一张图上通过？** 对 50 张留出的形状图像，针对真实"
                      "类别计算积分梯度（32 步，黑色基线）。无论黑色像素起什"
                      "么作用，黑色基线都给它们零归因（Sturmfels 等人 "
                      "2020），所以上面还提供了其他基线。",
        "mask_need_shapes": "需要物体掩码：请在顶部选择一个形状模型。",
        "mean_share": "正归因落在物体上的平均比例",
        "mean_area": "物体占图像的平均比例",
        "ratio": "比值（目标：至少 2 倍）",
        "method_entry": "**{title}。** {summary}",
        "modules_note": "DeepLift 和导向反向传播会改变梯度穿过每个 ReLU 的方式，因此要求每个 ReLU 都是独立的模块。原"
                        "始源文章 004 中的 PyTorch 残差块以内联方式写 `nn.ReLU()(out)`，每次调用都会新建一个看不见的 R"
                        "eLU；我们的残差块每处使用都有自己的 `nn.ReLU`，相加也是独立的 `Add` 模块。Captum Insights（"
                        "它过去的网页界面）已在 Captum 0.9 中移除；本页面直接调用 `captum.attr`。",
        "show_code": "查看代码",
    },
)
