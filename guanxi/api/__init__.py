"""The REST API generated from the registry (one router per object type) and its shared machinery."""
