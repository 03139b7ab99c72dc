// onnxruntime-node baseline for the Go runtime's benchmarks.
//
//   npm ci --ignore-scripts && node bench.js [model.onnx]
//
// Same model (activis/testdata/fashion_cnn.onnx) and batches as the Go side:
//   - one batch of 256 images with one intra-op thread
//     (compare with BenchmarkRun -cpu 1, one Executor);
//   - 10,000 images in batches of 256 with onnxruntime's default thread pool
//     (compare with BenchmarkModelRun, which spreads batches over all cores).
// Prints
//   ort threads=1 batch=256 ms_per_batch=<median> cpu_ms_per_batch=<mean>
//   ort threads=default images=10000 batch=256 ms_total=<median of 3> cpu_ms_total=<mean>
// where cpu is the process's user+system CPU time (process.cpuUsage), which
// is steadier than wall time on a shared machine.
'use strict';
const path = require('path');
const ort = require('onnxruntime-node');

const model = process.argv[2] || path.join(__dirname, '..', '..', '..', 'testdata', 'fashion_cnn.onnx');
const BATCH = 256;

function randomInput(n) {
  const data = new Float32Array(n);
  let s = 12345;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    data[i] = (s >>> 8) / 16777216;
  }
  return data;
}

async function session(threads) {
  const opts = { graphOptimizationLevel: 'all' };
  if (threads > 0) {
    opts.intraOpNumThreads = threads;
    opts.interOpNumThreads = 1;
  }
  return ort.InferenceSession.create(model, opts);
}

function median(v) {
  v.sort((a, b) => a - b);
  return v[Math.floor(v.length / 2)];
}

async function oneBatch() {
  const s = await session(1);
  const feeds = { [s.inputNames[0]]: new ort.Tensor('float32', randomInput(BATCH * 784), [BATCH, 1, 28, 28]) };
  for (let i = 0; i < 3; i++) await s.run(feeds);
  const times = [];
  const start = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  while (times.length < 5 || (times.length < 100 && Number(process.hrtime.bigint() - start) < 3e9)) {
    const t0 = process.hrtime.bigint();
    await s.run(feeds);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const cpu = process.cpuUsage(c0);
  const cpuMs = (cpu.user + cpu.system) / 1000 / times.length;
  console.log(`ort threads=1 batch=${BATCH} ms_per_batch=${median(times).toFixed(3)} cpu_ms_per_batch=${cpuMs.toFixed(3)}`);
}

async function tenThousand() {
  const n = 10000;
  const s = await session(0);
  const all = randomInput(n * 784);
  const feeds = [];
  for (let r = 0; r < n; r += BATCH) {
    const c = Math.min(BATCH, n - r);
    feeds.push({ [s.inputNames[0]]: new ort.Tensor('float32', all.subarray(r * 784, (r + c) * 784), [c, 1, 28, 28]) });
  }
  await s.run(feeds[0]);
  const times = [];
  const c0 = process.cpuUsage();
  for (let rep = 0; rep < 3; rep++) {
    const t0 = process.hrtime.bigint();
    for (const f of feeds) await s.run(f);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const cpu = process.cpuUsage(c0);
  const cpuMs = (cpu.user + cpu.system) / 1000 / times.length;
  console.log(`ort threads=default images=${n} batch=${BATCH} ms_total=${median(times).toFixed(1)} cpu_ms_total=${cpuMs.toFixed(1)}`);
}

(async () => {
  await oneBatch();
  await tenThousand();
})().catch((e) => { console.error(e); process.exit(1); });
