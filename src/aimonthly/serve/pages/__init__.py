"""The workbench's pages, one module per page type (as datasette's views): each a function of the
request that reads through the Workbench and renders its template."""
