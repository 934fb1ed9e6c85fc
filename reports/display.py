def displayed(obj, name):
    """A field's value as people read it: a choice's label, not its code."""
    get_display = getattr(obj, f"get_{name}_display", None)
    return get_display() if get_display else getattr(obj, name)
