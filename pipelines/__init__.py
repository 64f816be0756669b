"""Item pipelines, in order: validate (100), drop repeated URLs (200), store (300)."""
