"""Text of the errors the library reports by code (English / 简体中文), shared by every page."""

from resnet_viz.i18n import Catalogue

TEXT = Catalogue(
    "errors",
    en={
        "image_empty": "The file is empty (0 bytes).",
        "image_too_big": "The file is {size} MB; the limit is {limit} MB.",
        "image_too_many_pixels": "The image is {width} x {height} pixels; the limit is {limit} pixels in all.",
        "image_bomb": "The image is too large to decode safely (possible decompression bomb).",
        "image_format": "This file is not an image format we can read (try PNG or JPEG).",
        "image_damaged": "The image file is damaged or truncated ({kind}).",
        "image_small": "The image is only {width} x {height} pixels; it needs at least {minimum} pixels on each side.",
        "image_other": "This image cannot be used ({detail}).",
    },
    zh={
        "image_empty": "文件是空的（0 字节）。",
        "image_too_big": "文件大小为 {size} MB，上限是 {limit} MB。",
        "image_too_many_pixels": "图像为 {width} x {height} 像素，总像素数上限是 {limit}。",
        "image_bomb": "图像太大，无法安全解码（可能是解压炸弹）。",
        "image_format": "无法识别这个文件的图像格式（请试试 PNG 或 JPEG）。",
        "image_damaged": "图像文件已损坏或不完整（{kind}）。",
        "image_small": "图像只有 {width} x {height} 像素；每条边至少需要 {minimum} 像素。",
        "image_other": "无法使用这张图像（{detail}）。",
    },
)
