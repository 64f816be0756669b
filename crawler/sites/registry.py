"""Finding and loading site configuration files."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Sequence
from pathlib import Path

from crawler.sites.config import SiteConfig, SiteConfigError

__all__ = ["BUILTIN_SITES_DIR", "SiteRegistry", "load_site_file"]

#: The presets shipped with unionwatch.
BUILTIN_SITES_DIR = Path(__file__).resolve().parent


def load_site_file(path: Path) -> SiteConfig:
    """Parse and validate one site file; errors name the file and the key."""
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise SiteConfigError(f"{path}: cannot read ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise SiteConfigError(f"{path}: not valid TOML ({exc})") from None
    config = SiteConfig.from_mapping(data, origin=str(path))
    if config.id != path.stem:
        raise SiteConfigError(f"{path}: id {config.id!r} must equal the file name {path.stem!r}")
    return config


class SiteRegistry:
    """The site configs in one or more folders; a later folder overrides an earlier one's id."""

    def __init__(self, sites: Sequence[SiteConfig]) -> None:
        self._sites = {site.id: site for site in sites}

    @classmethod
    def load(cls, extra_dirs: Sequence[Path] = ()) -> SiteRegistry:
        sites: list[SiteConfig] = []
        for folder in (BUILTIN_SITES_DIR, *extra_dirs):
            if not folder.is_dir():
                raise SiteConfigError(f"{folder}: not a folder of site files")
            sites.extend(load_site_file(path) for path in sorted(folder.glob("*.toml")))
        return cls(sites)

    def __iter__(self) -> Iterator[SiteConfig]:
        return iter(sorted(self._sites.values(), key=lambda s: s.id))

    def __len__(self) -> int:
        return len(self._sites)

    def __contains__(self, site_id: object) -> bool:
        return site_id in self._sites

    def get(self, site_id: str) -> SiteConfig:
        try:
            return self._sites[site_id]
        except KeyError:
            known = ", ".join(sorted(self._sites)) or "none"
            raise SiteConfigError(f"unknown site {site_id!r} (known: {known})") from None

    def enabled(self) -> list[SiteConfig]:
        return [site for site in self if site.enabled]

    def demo_sites(self) -> list[SiteConfig]:
        return [site for site in self if site.demo]
