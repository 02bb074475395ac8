// What the API says of a batch's jobs, fetched straight from the job list
// endpoints (not through the page): the reference the page must agree with.

/** Every job of `batch`'s files by id, looked up 100 ids at a time by type. */
export async function jobsOf(server, batch) {
  const byKind = { parse: [], extract: [] };
  for (const r of batch.results ?? []) {
    const ref = r.job_reference;
    if (!ref) continue;
    const type = ref.type ?? batch.config?.job?.type;
    byKind[type === 'extract_v2' ? 'extract' : 'parse'].push(ref.id);
  }
  const jobs = new Map();
  for (const [kind, ids] of Object.entries(byKind)) {
    for (let i = 0; i < ids.length; i += 100) {
      const q = ids.slice(i, i + 100).map((id) => `job_ids=${encodeURIComponent(id)}`).join('&');
      let path = `/api/v2/${kind}?${q}&page_size=100`;
      for (;;) {
        const page = await server.get(path);
        for (const j of page.items) jobs.set(j.id, j);
        if (!page.next_page_token) break;
        path = `/api/v2/${kind}?${q}&page_size=100&page_token=${encodeURIComponent(page.next_page_token)}`;
      }
    }
  }
  return jobs;
}

/** A file's outcome as the dashboard defines it: the job's status, or "No job". */
export function outcomeOf(result, jobs) {
  if (!result.job_reference) return { label: 'No job', error: result.error_message ?? null, failed: !!result.error_message };
  const job = jobs.get(result.job_reference.id);
  if (!job) return { label: 'Job not found', error: null, failed: false };
  return { label: job.status, error: job.error_message ?? null, failed: job.status === 'FAILED', job };
}

/** The first batch of a list query, with its results, that `want` (may be async) accepts. */
export async function findBatch(server, listQuery, want) {
  const list = await server.get(`/api/v2/batches?${listQuery}`);
  for (const b of list.items) {
    const full = await server.get(`/api/v2/batches/${b.id}?expand=results`);
    if (await want(full)) return full;
  }
  throw new Error(`no batch in ${listQuery} fits`);
}
