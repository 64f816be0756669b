"""The optional compiled part of unionwatch: ``crawler.extract._walk`` (Cython, against lxml's
public C API). Everything else is declared in pyproject.toml.

The package works without it (``crawler.extract.walk`` falls back to the Python walk), so the
extension is optional: without a C compiler the build only warns, and
``UNIONWATCH_NO_EXTENSIONS=1`` skips it. The SHA-256 of ``_walk.pyx`` is compiled in, so that
a checkout whose ``_walk.pyx`` changed after the last install does not run the old build.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

SOURCE = Path("crawler/extract/_walk.pyx")


def extensions() -> list[Extension]:
    if os.environ.get("UNIONWATCH_NO_EXTENSIONS", "") not in ("", "0", "false"):
        return []
    import lxml
    from Cython.Build import cythonize

    digest = hashlib.sha256(SOURCE.read_bytes()).hexdigest()
    walk = Extension(
        "crawler.extract._walk",
        [str(SOURCE)],
        include_dirs=lxml.get_include(),
        define_macros=[("UNIONWATCH_WALK_SOURCE", f'"{digest}"')],
        optional=True,
    )
    return list(cythonize([walk], quiet=True))


class OptionalBuildExt(build_ext):
    """``build_ext`` that warns instead of failing when an extension cannot be compiled (no
    compiler, no Python headers): setuptools' own ``optional`` does not catch every way a
    compiler run fails."""

    def build_extension(self, ext: Extension) -> None:
        try:
            super().build_extension(ext)
        except Exception as error:
            # Not built: not an output either (an editable install copies the outputs). The
            # loop over self.extensions goes on over the old list.
            self.extensions = [other for other in self.extensions if other is not ext]
            self.warn(
                f"could not build {ext.name} ({error}); unionwatch will use the Python page "
                "walk (same results, slower). Install a C compiler and the Python headers, "
                "then `make install`, to build it."
            )


setup(ext_modules=extensions(), cmdclass={"build_ext": OptionalBuildExt})
