from django.urls import path

from dangbo.indicators.views import catalog

app_name = "indicators"

urlpatterns = [
    path("", catalog.catalog, name="catalog"),
    path("moi/", catalog.create, name="create"),
    path("<int:pk>/", catalog.detail, name="detail"),
    path("<int:pk>/chi-tiet/", catalog.drill, name="drilldown"),
    path("<int:pk>/sua/", catalog.edit, name="edit"),
    path("<int:pk>/tinh-lai/", catalog.refresh_now, name="refresh"),
]
