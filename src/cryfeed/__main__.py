"""Run the command line as `python -m cryfeed`."""

from cryfeed.cli import main

main(prog_name="cryfeed")
