package breakit

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// load searches the server from two clients until stop is closed; it counts answers by status.
func load(t *testing.T, base string, stop <-chan struct{}) (wait func() map[int]int) {
	t.Helper()
	var mu sync.Mutex
	statuses := map[int]int{}
	var wg sync.WaitGroup
	for c := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				status := 0
				resp, err := client.Get(fmt.Sprintf("%s/api/v1/search?q=Bayramov+%d&size=5", base, c*1_000_000+i))
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					status = resp.StatusCode
				}
				mu.Lock()
				statuses[status]++
				mu.Unlock()
			}
		}()
	}
	return func() map[int]int {
		wg.Wait()
		return statuses
	}
}

// partial reports whether a build has begun a generation it has not finished.
func partial(root string) bool {
	dirs, _ := filepath.Glob(filepath.Join(root, "generations", "*"))
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "meta.json")); err != nil {
			return true
		}
	}
	return false
}

// Builds killed with SIGKILL at any moment, while a server answers searches throughout: the
// served generation stays whole (verify reads every byte of it after each kill), no search
// fails, and the next build succeeds and is served.
func TestKillIndexMidBuild(t *testing.T) {
	start := time.Now()
	home, archiveDir, indexDir := indexed(t, 40)
	s := serve(t, home, archiveDir, indexDir, nil, "--watch=false")
	var peak int64
	kills := times(3, 50)
	record(t, "kill -9 during `index` (a server answering throughout)", kills, "the served generation verified after every kill; every search answered 200; the next build served", start, &peak)
	stop := make(chan struct{})
	wait := load(t, s.base, stop)
	interrupted := 0
	for i := range kills {
		cmd := exec.Command(bin, "index", "--full", "--archive", archiveDir, "--index", indexDir)
		cmd.Env, cmd.Dir = env(home), home
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Half the kills land once the build writes its generation; the others at random.
		if i%2 == 0 {
			deadline := time.Now().Add(time.Minute)
			for !partial(indexDir) && time.Now().Before(deadline) {
				time.Sleep(time.Millisecond)
			}
		} else {
			time.Sleep(time.Duration(rand.IntN(1500)) * time.Millisecond)
		}
		cmd.Process.Kill()
		cmd.Wait()
		if partial(indexDir) {
			interrupted++
		}
		if out, code := run(t, home, 5*time.Minute, "verify", "--index", indexDir); code != 0 {
			t.Fatalf("after kill %d the served generation does not verify:\n%s", i+1, out)
		}
	}
	if out, code := run(t, home, 5*time.Minute, "index", "--archive", archiveDir, "--index", indexDir); code != 0 {
		t.Fatalf("the build after the kills: exit %d\n%s", code, out)
	}
	if status := post(t, s.base+"/admin/reload", "Bearer "+token, "", nil); status != 200 {
		t.Errorf("reload after the kills: %d", status)
	}
	close(stop)
	statuses := wait()
	peak = s.peakKiB()
	if statuses[200] == 0 || len(statuses) != 1 {
		t.Errorf("searches during the kills: %v, want only 200s", statuses)
	}
	if interrupted < kills/2 {
		t.Errorf("only %d of %d kills interrupted a build", interrupted, kills)
	}
}

// A server killed while its watcher builds new weeks: started again, it serves the last whole
// generation at once, then catches up.
func TestKillServerMidWatchedBuild(t *testing.T) {
	start := time.Now()
	home, archiveDir, indexDir := indexed(t, 10)
	rounds := times(2, 20)
	var peak int64
	record(t, "kill -9 of `serve` during a watch-triggered build", rounds, "every restart served a whole generation at once and caught up with the archive", start, &peak)
	next := firstWeek.AddDate(0, 0, 7*10)
	for round := range rounds {
		s := serve(t, home, archiveDir, indexDir, nil)
		weeks(t, archiveDir, next, 8, 100+round)
		next = next.AddDate(0, 0, 7*8)
		deadline := time.Now().Add(time.Minute)
		for !partial(indexDir) && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
		time.Sleep(time.Duration(rand.IntN(200)) * time.Millisecond)
		peak = max(peak, s.peakKiB())
		s.kill()
	}
	s := serve(t, home, archiveDir, indexDir, nil)
	want := (10 + 8*rounds) * 20
	deadline := time.Now().Add(2 * time.Minute)
	for servedItems(t, s.base) != want {
		if time.Now().After(deadline) {
			t.Fatalf("the restarted server does not catch up to %d items:\n%s", want, s.logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	peak = max(peak, s.peakKiB())
	s.stop(t)
}

func servedItems(t *testing.T, base string) int {
	t.Helper()
	status, _, body := get(t, base+"/readyz")
	if status != 200 {
		return -1
	}
	var n int
	if i := strings.Index(body, `"items":`); i >= 0 {
		fmt.Sscan(body[i+len(`"items":`):], &n)
	}
	return n
}

// An upload cut off mid-body, or killed while it is written and indexed, leaves no part of the
// file in the archive; the week is there whole or not at all.
func TestKillDuringUpload(t *testing.T) {
	start := time.Now()
	home, archiveDir, indexDir := indexed(t, 5)
	rounds := times(4, 20)
	var peak int64
	record(t, "kill -9 during an upload", rounds, "no partial file in the archive; each week whole or absent; the index verified", start, &peak)
	next := firstWeek.AddDate(0, 0, 7*5)
	for round := range rounds {
		dir := t.TempDir()
		files := weeks(t, dir, next, 1, 200+round)
		next = next.AddDate(0, 0, 7)
		data, err := os.ReadFile(files[0])
		if err != nil {
			t.Fatal(err)
		}
		s := serve(t, home, archiveDir, indexDir, nil, "--watch=false")
		pr, pw := io.Pipe()
		mw := multipart.NewWriter(pw)
		req, _ := http.NewRequest(http.MethodPost, s.base+"/api/v1/briefings", pr)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Authorization", "Bearer "+token)
		var answered atomic.Int32
		go func() {
			if resp, err := client.Do(req); err == nil {
				answered.Store(int32(resp.StatusCode))
				resp.Body.Close()
			}
		}()
		fw, _ := mw.CreateFormFile("file", "week.txt")
		midBody := round%2 == 0
		if midBody {
			fw.Write(data[:len(data)/2])
			time.Sleep(100 * time.Millisecond)
		} else {
			fw.Write(data)
			mw.Close()
			pw.Close()
			time.Sleep(time.Duration(rand.IntN(400)) * time.Millisecond)
		}
		peak = max(peak, s.peakKiB())
		s.kill()
		pw.CloseWithError(io.ErrUnexpectedEOF)
		name := filepath.Base(files[0])
		got, err := os.ReadFile(filepath.Join(archiveDir, name[:4], name))
		switch {
		case err == nil && !bytes.Equal(got, data):
			t.Errorf("round %d: the archive holds part of the upload (%d of %d bytes)", round, len(got), len(data))
		case err == nil && midBody:
			t.Errorf("round %d: an upload cut off mid-body is in the archive", round)
		}
		if out, code := run(t, home, 5*time.Minute, "verify", "--index", indexDir); code != 0 {
			t.Fatalf("round %d: the index does not verify after the kill:\n%s", round, out)
		}
	}
	// What is in the archive reads in full.
	if out, code := run(t, home, 5*time.Minute, "index", "--archive", archiveDir, "--index", indexDir); code != 0 || strings.Contains(out, "rejected") {
		t.Errorf("the archive after the kills: exit %d\n%s", code, out)
	}
}
