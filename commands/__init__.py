"""The `imt` commands, one module per area, grouped by who uses them; cli.py is the table that loads them."""
