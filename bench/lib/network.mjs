// Throttled networks for the benchmark (issue 14 point 7), and what each response of a visit
// cost: from the network or the HTTP cache, its encoding, its bytes on the wire.
//
// The throttling is Chromium's own (CDP `Network.emulateNetworkConditions`, as DevTools and
// Lighthouse's "devtools" mode use): per request, every response waits at least `latency`
// after its request and its body arrives at the given rate, shared by the requests in flight.
// It does not model TCP (no handshake round trip, no slow start), so a real network of the
// same figures costs a little more, on both pages alike.

/** Megabits per second → bytes per second, the unit CDP takes. */
const mbps = (x) => (x * 1e6) / 8;

/**
 * The two networks. "slow" is Lighthouse's "slow 4G" (1.6 Mbps down, 150 ms, and its
 * 750 kbps up); "fast" is 10 Mbps / 20 ms with 5 Mbps up (a cable line's ratio). The upload
 * rate hardly counts here: the pages only send GET requests of a few hundred bytes.
 */
export const NETWORKS = {
  slow: { label: '1.6 Mbps down / 750 kbps up, 150 ms latency', latency: 150, download: mbps(1.6), upload: mbps(0.75) },
  fast: { label: '10 Mbps down / 5 Mbps up, 20 ms latency', latency: 20, download: mbps(10), upload: mbps(5) },
};

/**
 * Throttles the page behind `cdp` to `net`. Call before the page's `goto`: the emulation then
 * applies from the navigation's own request (index.html) on.
 */
export async function throttle(cdp, net) {
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: net.latency,
    downloadThroughput: net.download,
    uploadThroughput: net.upload,
  });
}

/**
 * Records every response the page behind `cdp` gets (call after `throttle`, which enables the
 * Network domain): where it came from, its Content-Encoding, the Accept-Encoding the browser
 * sent for it, and its bytes on the wire (0 from the cache).
 */
export function watchResponses(cdp) {
  const byId = new Map();
  const entry = (id) => byId.get(id) ?? byId.set(id, { wireBytes: 0 }).get(id);
  const header = (headers, name) => Object.entries(headers ?? {}).find(([k]) => k.toLowerCase() === name)?.[1];
  cdp.on('Network.requestWillBeSentExtraInfo', (e) => { entry(e.requestId).acceptEncoding = header(e.headers, 'accept-encoding'); });
  cdp.on('Network.requestServedFromCache', (e) => { entry(e.requestId).memoryCache = true; });
  // A revalidated response shows as the cached 200 in responseReceived; only the raw
  // headers say the server answered 304.
  cdp.on('Network.responseReceivedExtraInfo', (e) => { entry(e.requestId).revalidated = e.statusCode === 304; });
  cdp.on('Network.responseReceived', (e) => {
    const u = new URL(e.response.url);
    if (!/^https?:$/.test(u.protocol)) return; // data: URLs (the plain page's icon) fetch nothing
    const x = entry(e.requestId);
    x.path = u.pathname;
    x.encoding = header(e.response.headers, 'content-encoding') ?? 'identity';
    x.diskCache = e.response.fromDiskCache;
  });
  cdp.on('Network.loadingFinished', (e) => { entry(e.requestId).wireBytes = e.encodedDataLength; });
  const source = (x) => (x.diskCache ? 'disk cache' : x.memoryCache ? 'memory cache' : x.revalidated ? 'revalidated (304)' : 'network');
  return {
    /** What the visit fetched so far: bytes on the wire, the wasm's response, sources counted. */
    summary() {
      const all = [...byId.values()].filter((x) => x.path).map((x) => ({ ...x, source: source(x) }));
      const sources = {};
      for (const x of all) sources[x.source] = (sources[x.source] ?? 0) + 1;
      const wasm = all.find((x) => x.path.endsWith('.wasm'));
      return {
        wireBytes: all.reduce((a, x) => a + x.wireBytes, 0),
        sources,
        wasm: wasm ? { source: wasm.source, encoding: wasm.encoding, acceptEncoding: wasm.acceptEncoding ?? null, wireBytes: wasm.wireBytes } : null,
      };
    },
  };
}
