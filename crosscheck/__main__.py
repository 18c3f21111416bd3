from crosscheck.cli import cli

cli()
