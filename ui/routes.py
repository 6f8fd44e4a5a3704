"""The app's pages: one place for the router (app.py), the warm-up and the tests.

Each page's file is named after its URL path (``pages/gradient-flow.py`` for ``/gradient-flow``), home aside: on a
freshly started server Streamlit runs its legacy ``pages/`` navigation for the first request, which finds a page by
its file name, and :func:`ui.frame.routed` then hands that run to the router (docs/ARCHITECTURE.md, "Pages").
"""

# (url path, icon); the first page is the default one, at "/".
PAGES: list[tuple[str, str]] = [
    ("", ":material/home:"),
    ("block", ":material/add_circle:"),
    ("architecture", ":material/account_tree:"),
    ("feature-maps", ":material/grid_view:"),
    ("gradient-flow", ":material/trending_down:"),
    ("degradation", ":material/show_chart:"),
    ("why-residual", ":material/route:"),
    ("attributions", ":material/visibility:"),
]

URL_PATHS = [path for path, _icon in PAGES]


def page_name(url_path: str) -> str:
    """The page's name in file names and catalogue keys: ``"gradient-flow"`` -> ``"gradient_flow"``, ``""`` -> home."""
    return (url_path or "home").replace("-", "_")


def page_file(url_path: str) -> str:
    """The page's script, relative to app.py: ``"gradient-flow"`` -> ``"pages/gradient-flow.py"``."""
    return f"pages/{url_path or 'home'}.py"
