"""Chinese sentences generated from facts by templates, and number formatting."""
