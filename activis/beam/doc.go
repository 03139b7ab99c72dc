// Package activisbeam computes ActiVis summaries (activis.Summary) with
// Apache Beam, over activations sharded across many files, on any Beam
// runner: prism in-process on one machine, Google Cloud Dataflow, Apache
// Flink or Apache Spark. It is a nested Go module
// (github.com/activis-go/activis/activis/beam) so that the Beam SDK never
// becomes a dependency of the kernel or the core library; the command
// activis-beam (cmd/activis-beam) runs it.
//
// # Pipeline
//
// The launcher (MakePlan) matches the activation and instance globs on
// Beam's file systems, pairs the files into shards, reads every
// activation file's header (shape, dtype; a bad header, a layer missing
// from a shard, rows that differ within a shard or neurons that differ
// across shards fail here with the file's name), compiles the subset
// expressions against the first instances shard, and splits the shards
// into work items of at most RangeRows rows. The pipeline (Build) then
//
//  1. summarizes each shard, one work item (row range) after the other:
//     loads the shard's instances once and memory-maps the activation
//     files, evaluates every row's subset expression per instance,
//     aggregates all rows in one streaming pass per layer
//     (activis.SummarizeSpec, the same code as activis.Summarize), and
//     keeps per class the smallest sample keys (shards are the unit of
//     parallelism: Reshuffle spreads them over the workers; a worker takes
//     at most GOMAXPROCS shards at once);
//  2. combines the statistics per layer with beam.CombinePerKey, the
//     accumulator being the core's mergeable activis.Accumulator (count,
//     per-neuron sum, sum of squares, active count, min, max);
//  3. chooses the sample per class with beam.CombinePerKey over the keys
//     (each instance's key is a seeded hash of its id, a class keeps the
//     smallest keys: exact and associative; only keys and ids travel),
//     then reads the chosen instances shard by shard into
//     activis.Reservoir values, combined per class;
//  4. writes one summary file (activis.Summary.Save's format) from the
//     combined values, after every item succeeded: a failed item fails
//     the job and no summary is written.
//
// Counters activis/instances, activis/ranges and activis/activation_bytes
// are Beam metrics (the runner's UI; activis-beam prints them), and each
// work item logs a line.
//
// # Shards
//
// Activation shards are .npy files, one per layer and shard, named
// LAYER-NNNN.npy (fc1-00007.npy) or placed in one folder per shard
// (00007/fc1.npy), or .npz archives with one member per layer
// (part-00007.npz; local disk only). Instance shards are CSV or JSON Lines
// files with the columns of activis.LoadInstances, named instances-NNNN.csv
// or placed in the shard's folder. Layer names must not end in -digits.
//
// # Memory and disk
//
// A worker holds at most GOMAXPROCS shards at a time, each one row range
// at a time: the shard's instances' metadata and, of the activations, the
// pages of the range being read (local files are memory-mapped and released behind the pass, as
// activis.Aggregate does). Remote shards (gs://) are copied to the
// worker's local disk one shard at a time. Memory per worker is thus
// bounded by the shard and block size, not by the data set; the combined
// values are (rows × neurons × 36 bytes) per layer and (classes ×
// sample per class × all neurons × 4 bytes) for the sample, whatever the
// number of instances.
//
// # Runners
//
// prism (the default here; in-process, no Docker or Java):
//
//	activis-beam --input 'shards/*.npy' --instances 'shards/instances-*.csv' \
//	  --subset 'shirts=label == "Shirt"' --sample 10000 --out summary.npz --runner prism
//
// prism's job server listens on every interface of the machine (Beam's
// choice); on a shared host run it in a network namespace of its own,
// e.g. `unshare --net sh -c 'ip link set lo up && activis-beam …'` as
// root, as make test-beam does.
//
// Google Cloud Dataflow: shards and output on Cloud Storage, a staging
// bucket, and a worker image holding the Go SDK harness (the default
// apache/beam_go_sdk image of this SDK version works, since the pipeline
// binary is cross-compiled and staged by the launcher):
//
//	activis-beam --runner dataflow --project PROJECT --region us-central1 \
//	  --staging_location gs://BUCKET/staging --temp_location gs://BUCKET/tmp \
//	  --worker_harness_container_image apache/beam_go_sdk:2.77.0 \
//	  --input 'gs://BUCKET/shards/*.npy' --instances 'gs://BUCKET/shards/instances-*.csv' \
//	  --sample 10000 --out gs://BUCKET/summary.npz
//
// Apache Flink and Apache Spark: start the runner's Beam job server
// (apache/beam_flink1.18_job_server, apache/beam_spark3_job_server) and
// point the pipeline at it; the workers run the Go SDK harness image
// (--environment_type DOCKER) or an external worker pool
// (--environment_type EXTERNAL --environment_config host:port):
//
//	activis-beam --runner flink --endpoint localhost:8099 --environment_type DOCKER ...
//	activis-beam --runner spark --endpoint localhost:8099 --environment_type DOCKER ...
//
// On a cluster the output and shards must be on a file system every
// worker reaches (gs://, or a shared mount).
package activisbeam
