"""Page text catalogues, one module per page; the texts live in resnet_viz/locales/<language>.toml."""
