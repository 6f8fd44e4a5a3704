"""Page text catalogues (English / 简体中文), one module per page."""
