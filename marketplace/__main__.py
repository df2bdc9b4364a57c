"""``python -m marketplace``: the same as the ``zhangfang-server`` command."""

import sys

from marketplace.cli import main

sys.exit(main())
