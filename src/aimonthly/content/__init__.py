"""The content stage: the analysts' words, one Markdown file per month. ``month`` reads a file (its front
matter: the cover, ratings, exclusions; its body: headings, paragraphs and the ``{{ name }}`` lines that
place computed blocks); ``scaffold`` writes next month's from the latest one."""
