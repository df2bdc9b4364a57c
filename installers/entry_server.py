"""The bundled ``zhangfang-server`` program: the sync server and its set-up commands."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from marketplace.cli import main

    sys.exit(main())
