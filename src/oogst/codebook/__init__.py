"""The theme codebook of a programme: themes that grow during the dialogue, with their history."""
