"""The bundled ``zhangfang`` program: the window (``zhangfang app``) and every CLI command."""

import multiprocessing
import sys

if __name__ == "__main__":
    # first thing: the import's reader process (spawn) starts this same executable
    multiprocessing.freeze_support()
    from desktop.cli.main import main

    sys.exit(main())
