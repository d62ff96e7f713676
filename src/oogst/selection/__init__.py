"""Sign-up (werving), the pool, targets per group, the draw (loting) and invitations.

`draw`, `population` and `synthetic` are plain Python (no Django): the draw can be run and
checked again from its audit file without the web app.
"""
