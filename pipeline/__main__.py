"""``python -m pipeline run ...``: the same as the ``thaireport`` command."""

from pipeline.cli import main

if __name__ == "__main__":  # guarded so that doctest collection can import this module
    raise SystemExit(main())
