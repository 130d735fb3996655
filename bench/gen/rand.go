package gen

// rng is a small PCG-style generator of our own: math/rand/v2 does not promise that IntN and
// friends keep their output across Go releases, and the archives must stay byte-identical.
type rng struct{ state uint64 }

func newRNG(seed int64, stream uint64) *rng {
	r := &rng{state: uint64(seed)*0x9E3779B97F4A7C15 ^ (stream+1)*0xD1B54A32D192ED03}
	r.next()
	r.next()
	return r
}

// next is splitmix64: tiny, fast, and good enough for test data.
func (r *rng) next() uint64 {
	r.state += 0x9E3779B97F4A7C15
	z := r.state
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

// intn returns a number in [0, n).
func (r *rng) intn(n int) int {
	if n <= 1 {
		return 0
	}
	return int(r.next() % uint64(n))
}

// between returns a number in [lo, hi].
func (r *rng) between(lo, hi int) int { return lo + r.intn(hi-lo+1) }

// chance is true with probability p.
func (r *rng) chance(p float64) bool { return float64(r.next()>>11)/(1<<53) < p }

// float returns a number in [0, 1).
func (r *rng) float() float64 { return float64(r.next()>>11) / (1 << 53) }

// pick returns one element of xs, uniformly.
func pick[T any](r *rng, xs []T) T { return xs[r.intn(len(xs))] }

// weighted is a list with a cumulative weight table, for Zipf-like choices.
type weighted[T any] struct {
	items []T
	cum   []int
}

func newWeighted[T any](items []T, weight func(T) int) weighted[T] {
	w := weighted[T]{items: items, cum: make([]int, len(items))}
	total := 0
	for i, it := range items {
		total += max(weight(it), 1)
		w.cum[i] = total
	}
	return w
}

func (w weighted[T]) pick(r *rng) T {
	x := r.intn(w.cum[len(w.cum)-1])
	lo, hi := 0, len(w.cum)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if w.cum[mid] > x {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return w.items[lo]
}
