"""Shared setup for the Jupyter-level tests of the activis kernel.

`make test-kernel` installs the kernelspec into a private tree and points
JUPYTER_PATH at it; run by hand with

    make build && JUPYTER_DATA_DIR=build/jupyter bin/activis-kernel install --user
    JUPYTER_PATH=build/jupyter ACTIVIS_HISTORY=off /usr/bin/python3 -m pytest kernel/testdata
"""
import os

# The kernel's history file: tests must not read or write the user's.
os.environ.setdefault("ACTIVIS_HISTORY", "off")
os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
