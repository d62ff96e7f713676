"""Products for decision-makers: the afwegingskader, the interim memo, the final agenda, theme
visuals, key figures, scenarios for a dilemma and the B1 summary."""
