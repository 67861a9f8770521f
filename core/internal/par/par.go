// Package par runs the parts of a job at once: the engine's steps on a
// table held in parts (table.ReadCSVParts and the steps that take its
// parts) each run a part on a goroutine of its own. In WebAssembly, where
// Go has one thread, the parts simply run one after the other.
package par

import "sync"

// Each calls f(0) … f(n-1) at once, each on a goroutine, and returns when
// all have.
func Each(n int, f func(i int)) {
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(i)
		}()
	}
	wg.Wait()
}
