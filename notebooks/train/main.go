// Command train trains the demo CNN on Fashion-MNIST in pure Go and writes
// it as an ONNX model:
//
//	go run ./notebooks/train -out notebooks/data/fashion_cnn.onnx -seed 1
//
// The run is reproducible from -seed and -shards (not from -threads); see
// package cnn for the architecture and the determinism argument.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/activis-go/activis/activis"
	"github.com/activis-go/activis/notebooks/train/cnn"
	"github.com/activis-go/activis/notebooks/train/onnxout"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("train: ")
	if err := run(os.Args[1:], os.Stderr); err != nil {
		log.Fatal(err)
	}
}

func run(args []string, logw io.Writer) error {
	def := cnn.DefaultOptions()
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	fs.SetOutput(logw)
	out := fs.String("out", "fashion_cnn.onnx", "ONNX file to write")
	data := fs.String("data", "/usr/share/datasets/fashion-mnist", "directory with the Fashion-MNIST IDX .gz files")
	seed := fs.Uint64("seed", def.Seed, "random seed (weights, shuffling, dropout)")
	epochs := fs.Int("epochs", def.Epochs, "training epochs")
	batch := fs.Int("batch", def.Batch, "mini-batch size")
	shards := fs.Int("shards", def.Shards, "data-parallel shards per mini-batch (part of the reproducibility key)")
	threads := fs.Int("threads", min(def.Threads, runtime.GOMAXPROCS(0)), "shards computed at once (does not change the result)")
	lr := fs.Float64("lr", def.LR, "Adam learning rate")
	decay := fs.Float64("decay", def.Decay, "learning-rate factor per epoch")
	limit := fs.Int("limit", 0, "train on only the first n training images (0: all)")
	epochEval := fs.Bool("epoch-eval", true, "report test accuracy after every epoch (the final accuracy is always measured)")
	checkpoints := map[int]string{}
	fs.Func("checkpoint", "EPOCH:FILE also writes the model after that epoch (the file a run of -epochs EPOCH writes); repeatable", func(v string) error {
		e, file, ok := strings.Cut(v, ":")
		n, err := strconv.Atoi(e)
		if !ok || err != nil || n <= 0 || file == "" {
			return fmt.Errorf("want EPOCH:FILE with EPOCH ≥ 1, got %q", v)
		}
		checkpoints[n] = file
		return nil
	})
	if err := fs.Parse(args); err != nil {
		return err
	}
	for e := range checkpoints {
		if e > *epochs {
			return fmt.Errorf("checkpoint after epoch %d, but training runs %d epochs", e, *epochs)
		}
	}
	train, test, err := cnn.LoadFashionMNIST(*data)
	if err != nil {
		return err
	}
	if *limit > 0 {
		train = train.Subset(*limit)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	cfg := cnn.FashionConfig()
	opt := def
	opt.Seed, opt.Epochs, opt.Batch, opt.Shards, opt.Threads = *seed, *epochs, *batch, *shards, *threads
	opt.LR, opt.Decay, opt.Log = *lr, *decay, logw
	if *epochEval {
		opt.Test = test
	}
	opt.OnEpoch = func(net *cnn.Net, st cnn.EpochStats) error {
		file, ok := checkpoints[st.Epoch]
		if !ok {
			return nil
		}
		acc, err := net.Accuracy(test, opt.Threads)
		if err != nil {
			return err
		}
		size, err := writeModel(file, net, cfg, opt, st.Epoch, acc, st.Loss)
		if err != nil {
			return err
		}
		fmt.Fprintf(logw, "wrote checkpoint %s (%d bytes) after epoch %d: test accuracy %.4f\n", file, size, st.Epoch, acc)
		return nil
	}
	fmt.Fprintf(logw, "training %+v on %d images, options epochs=%d batch=%d shards=%d threads=%d lr=%g decay=%g seed=%d, GOMAXPROCS=%d\n",
		cfg, train.N, opt.Epochs, opt.Batch, opt.Shards, opt.Threads, opt.LR, opt.Decay, opt.Seed, runtime.GOMAXPROCS(0))
	start := time.Now()
	net, stats, err := cnn.Train(ctx, cfg, train, opt)
	if err != nil {
		return err
	}
	elapsed := time.Since(start)
	acc, err := net.Accuracy(test, opt.Threads)
	if err != nil {
		return err
	}
	size, err := writeModel(*out, net, cfg, opt, opt.Epochs, acc, stats[len(stats)-1].Loss)
	if err != nil {
		return err
	}
	fmt.Fprintf(logw, "wrote %s (%d bytes, %d parameters): test accuracy %.4f, training time %s\n",
		*out, size, net.Params.Count(), acc, elapsed.Round(time.Second))
	return nil
}

// writeModel writes net as an ONNX file with the metadata of a run of
// epochs epochs (test accuracy acc, last epoch's training loss) and
// returns the file's size. A checkpoint written after epoch e of a longer
// run is byte-identical to the final file of a run of e epochs.
func writeModel(path string, net *cnn.Net, cfg cnn.Config, opt cnn.Options, epochs int, acc, loss float64) (int64, error) {
	classes := activis.FashionMNISTClasses
	doc := fmt.Sprintf("Fashion-MNIST CNN trained in pure Go by activis-go's notebooks/train "+
		"(Conv(1→%d,3×3)-ReLU-MaxPool, Conv(→%d,3×3)-ReLU-MaxPool, Flatten, Gemm(→%d)-ReLU-Dropout(%g), Gemm(→%d)). "+
		"Input: NCHW float32 pixels scaled to [0, 1] (raw byte / 255), no mean/std normalisation. "+
		"Output: logits over classes %q. Test accuracy %.4f on the 10,000 test images; "+
		"%d epochs, batch %d, Adam lr %g ×%g per epoch, seed %d, %d shards.",
		cfg.Conv1, cfg.Conv2, cfg.Hidden, cfg.Dropout, cfg.Classes, classes, acc,
		epochs, opt.Batch, opt.LR, opt.Decay, opt.Seed, opt.Shards)
	classJSON, err := json.Marshal(classes)
	if err != nil {
		return 0, fmt.Errorf("train: class names: %w", err)
	}
	props := map[string]string{
		"classes":       string(classJSON),
		"test_accuracy": strconv.FormatFloat(acc, 'f', 4, 64),
		"train_loss":    strconv.FormatFloat(loss, 'f', 4, 64),
		"seed":          strconv.FormatUint(opt.Seed, 10),
		"epochs":        strconv.Itoa(epochs),
		"batch":         strconv.Itoa(opt.Batch),
		"shards":        strconv.Itoa(opt.Shards),
		"input_scale":   "pixel/255",
		"dataset":       "Fashion-MNIST (Debian dataset-fashion-mnist)",
	}
	if err := onnxout.WriteFile(path, net, onnxout.Meta{Doc: doc, Props: props}); err != nil {
		return 0, err
	}
	fi, err := os.Stat(path)
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}
