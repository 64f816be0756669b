"""HTML layouts of the demo sites: one module per site family, rendering text pages from the
plan; :mod:`crawler.demo.site` encodes them."""
