"""The studio: where administrators define custom fields, picklists and custom objects."""
