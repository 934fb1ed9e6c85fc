from django.http import HttpResponse


def home(request):
    return HttpResponse("")


def partnership_detail(request, slug):
    return HttpResponse("")
