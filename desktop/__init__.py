"""账房 Zhangfang. The version lives here alone: pyproject.toml, the installers, ``zhangfang
--version`` and the About box all read it."""

__version__ = "0.1.0"
