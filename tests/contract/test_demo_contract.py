"""The demo server, driven by the official LlamaCloud Python SDK.

The SDK is a client no one here wrote: if the demo's answers drift from the
real API's shapes (paging, expand, the job lists, error codes), these tests
fail where the dashboard's own client might have agreed with the drift.
"""

import httpx
import llama_cloud
import pytest
from llama_cloud import ConflictError, PermissionDeniedError, UnprocessableEntityError

HOSTILE = "Renderer rejected <img src=x onerror=alert(1)> on page 3"
FINISHED = {"COMPLETED", "FAILED", "CANCELLED"}


def chunks(ids, n=100):
    return [ids[i:i + n] for i in range(0, len(ids), n)]


def job_ids(batch):
    return [r.job_reference.id for r in batch.results if r.job_reference is not None]


def jobs_of(client, batch):
    """Every job the batch references, through the SDK's job list, 100 ids a call."""
    lister = client.extract.list if batch.config.job.type == "extract_v2" else client.parsing.list
    found = {}
    for chunk in chunks(job_ids(batch)):
        for job in lister(job_ids=chunk, page_size=100):
            found[job.id] = job
    return found


def find_batch(client, status, min_files, job_type=None):
    for b in client.batches.list(status=status, page_size=100):
        if job_type and b.config.job.type != job_type:
            continue
        full = client.batches.get(b.id, expand=["results"])
        if full.results and len(full.results) >= min_files:
            return full
    raise AssertionError(f"no {status} batch with {min_files}+ files in the demo")


def test_sdk_version_is_the_pinned_one():
    assert llama_cloud.__version__ == "2.19.0"


def test_batch_list_filters_and_auto_paging(demo):
    client = demo.client()
    paged = list(client.batches.list(status="FAILED", page_size=37))
    # One raw page with everything, to compare what auto-paging assembled.
    raw = httpx.get(f"{demo.url}/api/v2/batches", params={"status": "FAILED", "page_size": 1000}).json()
    assert len(raw["items"]) == raw["total_size"] > 37 * 2
    assert [b.id for b in paged] == [b["id"] for b in raw["items"]]
    assert {b.status for b in paged} == {"FAILED"}
    since = "2026-11-28T12:00:00Z"
    recent = list(client.batches.list(created_at_on_or_after=since, page_size=50))
    assert recent and all(b.created_at.isoformat() >= "2026-11-28T12:00:00" for b in recent)
    assert len({b.id for b in recent}) == len(recent)


def test_get_with_expand_results_has_mapping_errors_only_without_jobs(demo):
    client = demo.client()
    batch = find_batch(client, "COMPLETED", 100)
    assert client.batches.get(batch.id).results is None, "results only with expand"
    for r in batch.results:
        assert r.source_directory_file_id.startswith("dfl-")
        if r.job_reference is None:
            assert r.error_message
        else:
            assert r.error_message is None
            assert r.job_reference.type == batch.config.job.type


@pytest.mark.parametrize("job_type", ["parse_v2", "extract_v2"])
def test_job_lists_return_every_referenced_job_of_a_completed_batch(demo, job_type):
    client = demo.client()
    batch = find_batch(client, "COMPLETED", 150, job_type)
    jobs = jobs_of(client, batch)
    assert sorted(jobs) == sorted(job_ids(batch))
    assert {j.status for j in jobs.values()} == {"COMPLETED", "FAILED"}
    for j in jobs.values():
        assert (j.error_message is not None) == (j.status == "FAILED")
        assert j.usage is not None and j.usage.credits is not None


def test_a_running_batch_has_pending_running_and_finished_jobs(demo):
    client = demo.client()
    batch = find_batch(client, "RUNNING", 50)
    statuses = {j.status for j in jobs_of(client, batch).values()}
    assert {"PENDING", "RUNNING", "COMPLETED"} <= statuses


def test_the_showcase_batch_carries_the_hostile_error_as_text(demo):
    client = demo.client()
    for b in client.batches.list(status="COMPLETED", page_size=100):
        full = client.batches.get(b.id, expand=["results"])
        if len(full.results) >= 20:
            break
    jobs = jobs_of(client, full)
    assert jobs[full.results[1].job_reference.id].error_message == HOSTILE
    assert full.results[2].job_reference is None and full.results[2].error_message


def test_unknown_job_ids_are_absent(demo):
    client = demo.client()
    assert list(client.parsing.list(job_ids=["pjb-0000000000000000", "pjb-nope"])) == []


# The dashboard's server takes a POST only from its own page (a browser sends
# `Sec-Fetch-Site: same-origin` there); a client elsewhere says the same to
# stand in for it, and without it is refused in words.
SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin"}


def test_a_cancel_from_another_site_is_refused(fresh_demo):
    client = fresh_demo.client()
    batch = find_batch(client, "RUNNING", 50)
    with pytest.raises(PermissionDeniedError) as e:
        client.batches.cancel(batch.id)
    assert e.value.status_code == 403
    assert "own page" in e.value.body["detail"]
    assert client.batches.get(batch.id).status == "RUNNING", "nothing was cancelled"


def test_cancel_turns_unfinished_jobs_cancelled(fresh_demo):
    client = fresh_demo.client()
    batch = find_batch(client, "RUNNING", 50)
    before = jobs_of(client, batch)
    assert client.batches.cancel(batch.id, extra_headers=SAME_ORIGIN).status == "CANCELLED"
    after_batch = client.batches.get(batch.id, expand=["results"])
    assert after_batch.status == "CANCELLED"
    assert job_ids(after_batch) == job_ids(batch), "handed-out files keep their results"
    after = jobs_of(client, after_batch)
    for id_, job in before.items():
        if job.status in FINISHED:
            assert after[id_].status == job.status
        else:
            assert after[id_].status == "CANCELLED"
    with pytest.raises(ConflictError):
        client.batches.cancel(batch.id, extra_headers=SAME_ORIGIN)


def test_a_422_surfaces_as_the_sdks_error(demo):
    client = demo.client()
    with pytest.raises(UnprocessableEntityError) as e:
        list(client.parsing.list(job_ids=["pjb-1"], page_size=101))
    assert e.value.status_code == 422
    assert e.value.body["detail"][0]["loc"] == ["query", "page_size"]
    with pytest.raises(UnprocessableEntityError):
        client.batches.list(status="DONE")


def showcase_job(client, job_type, file_index):
    """A fixed result of the newest COMPLETED batch of a type with 20+ files."""
    batch = find_batch(client, "COMPLETED", 20, job_type)
    return batch.results[file_index].job_reference.id


@pytest.mark.parametrize("through", ["demo", "proxy"])
def test_parsing_get_answers_the_job_wrapped_with_its_pages(request, demo, through):
    from llama_cloud.types.parsing_get_response import (
        MarkdownPageFailedMarkdownPage, MarkdownPageMarkdownResultPage)
    client = request.getfixturevalue(through).client()
    job_id = showcase_job(demo.client(), "parse_v2", 6)
    got = client.parsing.get(job_id, expand=["markdown"])
    assert got.job is not None, "ParsingGetResponse.job is required"
    assert (got.job.id, got.job.status) == (job_id, "COMPLETED")
    assert got.job.usage.credits is not None
    pages = got.markdown.pages
    assert [p.page_number for p in pages] == list(range(1, 41))
    failed = [p for p in pages if isinstance(p, MarkdownPageFailedMarkdownPage)]
    assert [p.page_number for p in failed] == [7, 23] and all(p.error for p in failed)
    parsed = [p for p in pages if isinstance(p, MarkdownPageMarkdownResultPage)]
    assert len(parsed) == 38 and all(p.success and "## " in p.markdown for p in parsed)
    assert got.text is None, "text only when asked for"
    both = client.parsing.get(job_id, expand=["markdown", "text"])
    assert [p.page_number for p in both.text.pages] == [p.page_number for p in parsed]


@pytest.mark.parametrize("through", ["demo", "proxy"])
def test_extract_get_answers_the_job_itself_with_its_result(request, demo, through):
    client = request.getfixturevalue(through).client()
    job_id = showcase_job(demo.client(), "extract_v2", 6)
    got = client.extract.get(job_id)
    assert (got.id, got.status) == (job_id, "COMPLETED")
    assert got.file_input.startswith("dfl-") and got.created_at and got.updated_at
    assert list(got.extract_result) == ["vendor_name", "date", "total", "bill_to", "line_items"]
    assert got.extract_result["line_items"][0]["amount"] > 0
    per_page = client.extract.get(showcase_job(demo.client(), "extract_v2", 7)).extract_result
    assert isinstance(per_page, list) and [p["page"] for p in per_page] == list(range(1, len(per_page) + 1))


def test_a_failed_job_has_no_result(demo):
    client = demo.client()
    batch = find_batch(client, "COMPLETED", 20, "parse_v2")
    failed = next(j for j in jobs_of(client, batch).values() if j.status == "FAILED")
    got = client.parsing.get(failed.id, expand=["markdown", "text"])
    assert got.job.status == "FAILED" and got.job.error_message
    assert got.markdown is None and got.text is None


def test_the_proxy_forwards_only_the_expands_the_dashboard_uses(demo, proxy):
    job_id = showcase_job(demo.client(), "parse_v2", 6)
    with pytest.raises(PermissionDeniedError):
        proxy.client().parsing.get(job_id, expand=["images_content_metadata"])
