"""Reading what the products are made of; one module per job."""
