from .reading_aids import AIDS, body_classes, current_aids


def reading_aids(request):
    chosen = current_aids(request.COOKIES)
    return {
        "reading_aids": chosen,
        "reading_aid_options": AIDS,
        "reading_aid_classes": body_classes(chosen),
    }
