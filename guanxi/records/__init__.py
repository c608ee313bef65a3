"""Records: the generic service every write goes through and the list engine every page reads with.

Domain-free. Above the kernel, history, customization and access; below the web pages and the API."""
