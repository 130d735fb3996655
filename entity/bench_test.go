package entity

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// BenchmarkAnnotate measures extraction per item with the shipped lexicon, the cost the index
// build pays for every item.
func BenchmarkAnnotate(b *testing.B) {
	lx := shippedLexicon(b)
	br, _ := loadLabels(b)
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		lx.Annotate(br)
	}
	items := float64(b.N * len(br.Items))
	b.ReportMetric(float64(b.Elapsed().Microseconds())/items, "µs/item")
	// CPU time (all threads, GC included) is steadier than wall time on a shared machine.
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/items, "cpu-µs/item")
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkLoad measures building the lexicon from the shipped files (once per process or
// index generation).
func BenchmarkLoad(b *testing.B) {
	gz, err := os.ReadFile(filepath.Join("..", "archive", "lexicon", "gazetteer.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	gl, err := os.ReadFile(filepath.Join("..", "archive", "lexicon", "glossary.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(gz, gl); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEntity measures query-side look-ups: an alias, a titled alias, a katakana name the
// gazetteer lacks (the slowest path: a scan of the phonetic names), and a miss.
func BenchmarkEntity(b *testing.B) {
	lx := shippedLexicon(b)
	for _, term := range []string{"バイラモフ", "FM Bayramov", "クラール", "demining"} {
		b.Run(term, func(b *testing.B) {
			for b.Loop() {
				lx.Entity(term)
			}
		})
	}
}
