"""An id beyond the database's integer range is a 404, never a 500 (the schemathesis run found one)."""

import pytest

pytestmark = pytest.mark.django_db
HUGE = 390705329567511485779804160


@pytest.mark.parametrize(
    "url", [f"/api/v1/datasets/{HUGE}/rows/", f"/datasets/{HUGE}/", f"/datasets/{HUGE}/download.csv"]
)
def test_an_out_of_range_id_is_not_found(client, url):
    assert client.get(url).status_code == 404
