package activis

import (
	"fmt"
	"testing"
)

// BenchmarkClustered orders the neurons of layers of several widths by
// clustering 60 rows' profiles (optimal leaf order up to
// OptimalLeafLimit, greedy above), beside ByVariance as the baseline.
func BenchmarkClustered(b *testing.B) {
	for _, n := range []int{128, 512, 1024, 4096} {
		p := randomProfiles(uint64(n), n, 60)
		s := &Stats{Neurons: n}
		for r := 0; r < 60; r++ {
			row := RowStats{Name: fmt.Sprint(r), Mean: make([]float32, n)}
			for j := range row.Mean {
				row.Mean[j] = float32(p[j][r])
			}
			s.Rows = append(s.Rows, row)
		}
		for _, by := range []Ordering{ByVariance(), Clustered()} {
			b.Run(fmt.Sprintf("n=%d/%v", n, by), func(b *testing.B) {
				for b.Loop() {
					if _, err := s.Order(by); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
