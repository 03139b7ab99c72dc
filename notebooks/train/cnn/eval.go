package cnn

import (
	"fmt"
	"sync"
)

// evalChunk is the number of images one inference workspace holds.
const evalChunk = 250

// Logits runs inference (dropout off) on all images of s using up to
// threads goroutines and returns the s.N×Classes logits. Each image's
// logits do not depend on threads.
func (net *Net) Logits(s *Set, threads int) ([]float32, error) {
	c := net.Config
	if s.H != c.H || s.W != c.W {
		return nil, fmt.Errorf("%w: images are %d×%d, network expects %d×%d", ErrConfig, s.H, s.W, c.H, c.W)
	}
	out := make([]float32, s.N*c.Classes)
	chunks := (s.N + evalChunk - 1) / evalChunk
	threads = min(max(threads, 1), max(chunks, 1))
	next := make(chan int, chunks)
	for i := range chunks {
		next <- i
	}
	close(next)
	errs := make([]error, threads)
	var wg sync.WaitGroup
	for t := range threads {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ws := NewWorkspace(c, evalChunk)
			d := c.H * c.W
			for ch := range next {
				lo := ch * evalChunk
				n := min(evalChunk, s.N-lo)
				lg, err := net.Forward(ws, s.Images[lo*d:(lo+n)*d], n, nil)
				if err != nil {
					errs[t] = err
					return
				}
				copy(out[lo*c.Classes:], lg)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Predict returns the predicted class of every image of s.
func (net *Net) Predict(s *Set, threads int) ([]int, error) {
	lg, err := net.Logits(s, threads)
	if err != nil {
		return nil, err
	}
	k := net.Config.Classes
	pred := make([]int, s.N)
	for i := range pred {
		pred[i] = argmax(lg[i*k : (i+1)*k])
	}
	return pred, nil
}

// Accuracy returns the fraction of images of s whose prediction matches
// their label.
func (net *Net) Accuracy(s *Set, threads int) (float64, error) {
	pred, err := net.Predict(s, threads)
	if err != nil {
		return 0, err
	}
	if s.N == 0 {
		return 0, nil
	}
	hits := 0
	for i, p := range pred {
		if p == int(s.Labels[i]) {
			hits++
		}
	}
	return float64(hits) / float64(s.N), nil
}
