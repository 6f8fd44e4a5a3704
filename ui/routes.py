"""The app's pages: one place for the router (app.py), the warm-up and the tests."""

# (file, url path, icon); the first page is the default one.
PAGES: list[tuple[str, str, str]] = [
    ("home", "", ":material/home:"),
    ("block", "block", ":material/add_circle:"),
    ("architecture", "architecture", ":material/account_tree:"),
    ("feature_maps", "feature-maps", ":material/grid_view:"),
    ("gradient_flow", "gradient-flow", ":material/trending_down:"),
    ("degradation", "degradation", ":material/show_chart:"),
    ("why_residual", "why-residual", ":material/route:"),
    ("attributions", "attributions", ":material/visibility:"),
]

URL_PATHS = [path for _name, path, _icon in PAGES]
