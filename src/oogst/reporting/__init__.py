"""The pure parts behind the products, without Django: the readability of Dutch text (B1),
the agreement between raters of the afwegingskader, the placement of a change in its
quadrant, and the charts (matplotlib, Agg) that the products print.

The web app (`oogst.products`) gathers what goes in and calls these; nothing here reads the
database, and each result is plain data (dataclasses with `to_dict()`).
"""
