"""The generic pages: lists, records, forms, exports, the shell around every page (menu, middleware,
template tags). Domain-free: apps contribute menus, panels and actions through the registry."""
